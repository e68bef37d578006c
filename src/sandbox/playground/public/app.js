import { mrkdwn, renderBlocks } from './blocks.js';
import { createModal } from './modal.js';

const $ = (id) => document.getElementById(id);
const seqOf = (ts) => Number(String(ts).split('.')[1] ?? 0);

const view = {
  viewer: new URLSearchParams(location.search).get('as') ?? 'UREQUESTER',
  place: 'dm',
  state: null,
  // Ephemeral messages vanish on reload, as in Slack: hide those that existed before this page load.
  loadedAfter: null,
};

async function api(path, body) {
  const response = await fetch(
    path,
    body
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ as: view.viewer, ...body }),
        }
      : {},
  );
  return response.json();
}

const people = () => Object.fromEntries(Object.entries(view.state.workspace.users).map(([id, u]) => [id, u]));
const dmOf = (userId) => `D${userId.slice(1)}`;
const channelsOf = (userId) =>
  Object.entries(view.state.workspace.channels).filter(([, channel]) => channel.members.includes(userId));

function placeChannel() {
  if (view.place === 'dm') return dmOf(view.viewer);
  if (view.place === 'home') return null;
  return view.place;
}

function renderSidebar() {
  const select = $('viewer');
  if (!select.options.length) {
    for (const [id, user] of Object.entries(view.state.workspace.users))
      select.append(new Option(`${user.realName}`, id));
    select.value = view.viewer;
  }
  const channels = $('channels');
  channels.replaceChildren(
    ...channelsOf(view.viewer).map(([id, channel]) => navItem(`# ${channel.name}`, id, unread(id))),
  );
  $('apps').replaceChildren(
    navItem('bucket-key · Messages', 'dm', unread(dmOf(view.viewer))),
    navItem('bucket-key · Home', 'home', 0),
  );
  if (
    view.place !== 'dm' &&
    view.place !== 'home' &&
    !channelsOf(view.viewer).some(([id]) => id === view.place)
  )
    view.place = 'dm';
}

function unread(channel) {
  return visibleMessages().filter((m) => m.channel === channel).length;
}

function navItem(label, place, count) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `nav-item${view.place === place ? ' active' : ''}`;
  button.dataset.place = place;
  button.textContent = label;
  if (count) {
    const badge = document.createElement('span');
    badge.className = 'count';
    badge.textContent = String(count);
    button.append(badge);
  }
  button.addEventListener('click', () => {
    view.place = place;
    if (place === 'home') api('/api/home', {});
    render();
  });
  li.append(button);
  return li;
}

function visibleMessages() {
  return view.state.messages.filter((m) => !m.ephemeral || seqOf(m.ts) > view.loadedAfter);
}

function renderConversation() {
  const channel = placeChannel();
  const channelInfo = channel && view.state.workspace.channels[channel];
  $('title').textContent =
    view.place === 'home' ? 'bucket-key · Home' : channelInfo ? `# ${channelInfo.name}` : 'bucket-key';
  $('subtitle').textContent =
    view.place === 'home'
      ? 'Your requests and keys, and what waits for your decision'
      : channelInfo
        ? `${channelInfo.members.length} members`
        : 'Your direct messages with the bot';
  $('composer').hidden = view.place === 'home';
  const box = $('messages');
  const stick = box.scrollTop + box.clientHeight >= box.scrollHeight - 40;
  if (view.place === 'home') {
    box.replaceChildren(
      view.state.home
        ? renderBlocks(view.state.home.blocks, people(), (e, b) => press(e, b, null))
        : emptyNote('Opening Home…'),
    );
    return;
  }
  const messages = visibleMessages().filter((m) => m.channel === channel);
  box.replaceChildren(
    ...(messages.length ? messages.map(renderMessage) : [emptyNote('No messages yet. Try /bucket-key help')]),
  );
  if (stick) box.scrollTop = box.scrollHeight;
}

function emptyNote(text) {
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = text;
  return p;
}

function renderMessage(message) {
  const article = document.createElement('article');
  article.className = `message${message.ephemeral ? ' ephemeral' : ''}`;
  article.dataset.ts = message.ts;
  const head = document.createElement('div');
  head.className = 'message-head';
  head.innerHTML = `<span class="avatar">🔑</span><strong>bucket-key</strong><span class="app-tag">APP</span><span class="time">${new Date(Number(message.ts.split('.')[0]) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>`;
  article.append(head);
  article.append(
    message.blocks?.length
      ? renderBlocks(message.blocks, people(), (element, button) => press(element, button, message))
      : Object.assign(document.createElement('div'), {
          className: 'mrkdwn',
          innerHTML: mrkdwn(message.text, people()),
        }),
  );
  if (message.ephemeral) {
    const note = document.createElement('div');
    note.className = 'only-you';
    note.textContent = '👁 Only visible to you';
    article.append(note);
  }
  return article;
}

async function press(element, button, message) {
  if (element.confirm && !(await confirmDialog(element.confirm))) return;
  button.disabled = true;
  await api('/api/click', {
    actionId: element.action_id,
    value: element.value ?? '',
    channel: message?.channel,
    ts: message?.ts,
  });
  await refresh();
}

function confirmDialog(confirm) {
  const dialog = $('confirm');
  $('confirm-title').textContent = confirm.title?.text ?? 'Are you sure?';
  $('confirm-text').innerHTML = mrkdwn(confirm.text?.text ?? '', people());
  $('confirm-ok').textContent = confirm.confirm?.text ?? 'Yes';
  $('confirm-ok').className = confirm.style ?? 'primary';
  $('confirm-deny').textContent = confirm.deny?.text ?? 'Cancel';
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }),
  );
}

function renderInspector() {
  const names = people();
  $('buckets').replaceChildren(
    ...view.state.buckets.map((bucket) => {
      const div = document.createElement('div');
      div.className = 'bucket';
      div.innerHTML = `<div class="bucket-name">${bucket.name} <span class="region">${bucket.region}</span><span class="keys-count">${bucket.keys.length}/2 keys</span></div>`;
      for (const key of bucket.keys) {
        const k = document.createElement('div');
        k.className = 'key';
        k.dataset.keyId = key.accessKeyId;
        k.textContent = key.accessKeyId;
        // Whose key it is, by bucket-key's records; a key without a holder was made outside bucket-key.
        if (key.heldBy) {
          const state = document.createElement('span');
          state.className = `key-state state-${key.heldBy.state.toLowerCase()}`;
          state.textContent = `${names[key.heldBy.requesterId]?.name ?? key.heldBy.requesterId} · ${key.heldBy.state}`;
          k.append(state);
        }
        div.append(k);
      }
      return div;
    }),
  );
  renderMetrics();
  renderPolicy();
  $('audit').replaceChildren(
    ...view.state.audit.map((event) => {
      const li = document.createElement('li');
      li.className = `audit-${event.outcome} audit-type-${event.type}`;
      const who = names[event.actorId]?.name ?? event.actorId;
      li.innerHTML = `<time>${new Date(event.at).toLocaleTimeString()}</time> <strong></strong> <span class="who"></span><div class="audit-detail"></div>`;
      li.querySelector('strong').textContent = event.type.replaceAll('_', ' ');
      li.querySelector('.who').textContent = `by ${who}`;
      li.querySelector('.audit-detail').textContent = [event.bucket, event.requestId, event.accessKeyId]
        .filter(Boolean)
        .join(' · ');
      return li;
    }),
  );
}

/**
 * The policy panel: the parameter's version at SSM and who put it. Saving puts a new version, as
 * `aws ssm put-parameter --overwrite` would, signed as the person viewing; the bot judges it on its
 * next job and tells the approvers' channel. The text is not redrawn while someone is editing it.
 */
function renderPolicy() {
  const policy = view.state.policy;
  const box = $('policy');
  if (!policy) {
    box.textContent = 'No policy parameter.';
    return;
  }
  if (!box.dataset.ready) {
    box.innerHTML = `<div class="policy-head"></div><textarea id="policy-text" spellcheck="false" aria-label="Policy YAML"></textarea><div class="policy-actions"><button type="button" id="policy-save">Put new version</button><span id="policy-result" class="policy-result" role="status"></span></div><ol class="policy-history"></ol>`;
    box.dataset.ready = 'yes';
    $('policy-text').addEventListener('input', () => {
      view.policyDirty = true;
    });
    $('policy-save').addEventListener('click', async () => {
      const answer = await api('/api/policy', { text: $('policy-text').value });
      $('policy-result').textContent = answer.error ?? `version ${answer.version} put`;
      view.policyDirty = false;
      await refresh();
    });
  }
  const who = (arn) => (arn ? arn.split(':').pop() : 'unknown');
  box.querySelector('.policy-head').textContent =
    `${policy.name} · version ${policy.version} · by ${who(policy.modifiedBy)}`;
  if (!view.policyDirty && view.policyShown !== policy.version) {
    $('policy-text').value = policy.text;
    view.policyShown = policy.version;
  }
  box.querySelector('.policy-history').replaceChildren(
    ...policy.history.map((v) =>
      Object.assign(document.createElement('li'), {
        textContent: `v${v.version} by ${who(v.modifiedBy)}${v.modifiedAt ? ` at ${new Date(v.modifiedAt).toLocaleTimeString()}` : ''}`,
      }),
    ),
  );
}

/** The bot's CloudWatch metrics as they stand (the counters its EMF lines carry, and the latest timings). */
function renderMetrics() {
  const { counts, latestMs } = view.state.metrics;
  const rows = [
    ...Object.entries(counts).map(([name, value]) => [name, String(value)]),
    ...Object.entries(latestMs).map(([name, ms]) => [name, `${Math.round(ms)} ms (latest)`]),
  ].sort(([a], [b]) => a.localeCompare(b));
  $('metrics').replaceChildren(
    ...(rows.length === 0
      ? [Object.assign(document.createElement('dd'), { textContent: 'Nothing counted yet.' })]
      : rows.flatMap(([name, value]) => [
          Object.assign(document.createElement('dt'), { textContent: name }),
          Object.assign(document.createElement('dd'), { textContent: value }),
        ])),
  );
}

/** The ⚡ menu: the app's global shortcuts, each a signed `shortcut` with a fresh trigger_id. */
function renderShortcuts() {
  $('shortcut-menu').replaceChildren(
    ...view.state.shortcuts.map((shortcut) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.dataset.callbackId = shortcut.callbackId;
      button.textContent = shortcut.name;
      button.addEventListener('click', async () => {
        $('shortcut-menu').hidden = true;
        await api('/api/shortcut', { callbackId: shortcut.callbackId });
        await refresh();
      });
      return button;
    }),
  );
}

function render() {
  renderSidebar();
  if ($('shortcut-menu').hidden) renderShortcuts();
  renderConversation();
  renderInspector();
}

async function refresh() {
  view.state = await api(`/api/state?as=${encodeURIComponent(view.viewer)}`);
  if (view.loadedAfter === null)
    view.loadedAfter = Math.max(0, ...view.state.messages.map((m) => seqOf(m.ts)));
  render();
  modal.sync(view.state.modal);
}

const modal = createModal({ api, people });

$('shortcuts-button').addEventListener('click', () => {
  renderShortcuts();
  $('shortcut-menu').hidden = !$('shortcut-menu').hidden;
});

$('viewer').addEventListener('change', (event) => {
  view.viewer = event.target.value;
  history.replaceState(null, '', `?as=${view.viewer}`);
  $('viewer').blur();
  refresh();
});

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  const answer = await api('/api/command', { channel: placeChannel(), text });
  if (answer.error) alert(answer.error);
  await refresh();
});

await refresh();
setInterval(refresh, 700);
