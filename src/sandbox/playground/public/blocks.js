// Renders Slack's mrkdwn and Block Kit (the parts bucket-key uses) into safe DOM nodes.

const EMOJI = {
  key: '🔑',
  warning: '⚠️',
  white_check_mark: '✅',
  no_entry: '⛔',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  inbox_tray: '📥',
  mag: '🔍',
  lock: '🔒',
  cloud: '☁️',
  construction: '🚧',
  rotating_light: '🚨',
  wastebasket: '🗑️',
  zzz: '💤',
  grey_question: '❔',
  // Rotation, quorum approval, reminders, cancelling and the audit chain.
  arrows_counterclockwise: '🔄',
  ballot_box_with_check: '☑️',
  busts_in_silhouette: '👥',
  bell: '🔔',
  broom: '🧹',
  information_source: 'ℹ️',
  leftwards_arrow_with_hook: '↩️',
  link: '🔗',
  page_facing_up: '📄',
};

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** mrkdwn → HTML: every piece of text is escaped first; only our own tags are added. */
export function mrkdwn(text, people) {
  const pieces = [];
  const parts = String(text).split(/(```[\s\S]*?```|`[^`\n]+`)/g);
  for (const part of parts) {
    if (part.startsWith('```')) pieces.push(`<pre>${escapeHtml(part.slice(3, -3))}</pre>`);
    else if (part.startsWith('`') && part.endsWith('`') && part.length > 1)
      pieces.push(`<code>${escapeHtml(part.slice(1, -1))}</code>`);
    else pieces.push(inline(part, people));
  }
  return pieces.join('');
}

function inline(text, people) {
  // Slack's own entities arrive as &lt; &gt; &amp; from the bot and as <…> for mentions and dates.
  const tokens = text.split(/(<[^>]+>)/g).map((token) => {
    const m = /^<(@|!subteam\^|!date\^)([^>|^]+)(?:\^[^|>]*)?(?:\|([^>]*))?>$/.exec(token);
    if (!m)
      return formatText(escapeHtml(token.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')));
    if (m[1] === '@') return `<span class="mention">@${escapeHtml(people[m[2]]?.name ?? m[2])}</span>`;
    if (m[1] === '!subteam^') return `<span class="mention">@${escapeHtml(m[3] ?? m[2])}</span>`;
    const date = new Date(Number(m[2]) * 1000);
    return `<time datetime="${date.toISOString()}">${escapeHtml(date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }))}</time>`;
  });
  return tokens.join('').replace(/\n/g, '<br>');
}

function formatText(html) {
  return html
    .replace(/:([a-z_]+):/g, (all, name) => EMOJI[name] ?? all)
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>');
}

/** A text object → HTML: plain_text as it is (Slack only decodes &amp; &lt; &gt; there), mrkdwn rendered. */
function textObject(object, people) {
  if (object?.type !== 'plain_text') return mrkdwn(object?.text ?? '', people);
  const decoded = String(object.text ?? '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return escapeHtml(decoded).replace(/\n/g, '<br>');
}

const el = (tag, className, html) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (html !== undefined) node.innerHTML = html;
  return node;
};

function buttonOf(element, onButton) {
  const button = el('button', `btn ${element.style ?? ''}`, escapeHtml(element.text?.text ?? ''));
  button.type = 'button';
  button.dataset.actionId = element.action_id;
  // What the button names (a request id, a key): lets a test press the button of one request.
  button.dataset.value = element.value ?? '';
  button.addEventListener('click', () => onButton(element, button));
  return button;
}

/** Block Kit → DOM. `onButton(element)` runs when a button is pressed (after its confirm, if any). */
export function renderBlocks(blocks, people, onButton) {
  const root = el('div', 'blocks');
  for (const block of blocks ?? []) {
    switch (block.type) {
      case 'header':
        root.append(el('div', 'block-header', escapeHtml(block.text?.text ?? '')));
        break;
      case 'section': {
        const section = el('div', 'block-section');
        if (block.text) section.append(el('div', 'mrkdwn', textObject(block.text, people)));
        if (block.fields) {
          const grid = el('div', 'fields');
          for (const field of block.fields) grid.append(el('div', 'mrkdwn field', textObject(field, people)));
          section.append(grid);
        }
        // A button beside the text (App Home's Revoke on each key), pressed like any other.
        if (block.accessory?.type === 'button') section.append(buttonOf(block.accessory, onButton));
        root.append(section);
        break;
      }
      case 'context':
        root.append(el('div', 'block-context', block.elements.map((e) => textObject(e, people)).join(' ')));
        break;
      case 'divider':
        root.append(el('hr', 'block-divider'));
        break;
      case 'actions': {
        const row = el('div', 'block-actions');
        for (const element of block.elements ?? []) {
          if (element.type === 'button') row.append(buttonOf(element, onButton));
        }
        root.append(row);
        break;
      }
      default:
        break;
    }
  }
  return root;
}
