// Plays Slack's modal: shows the view the bot opened with views.open, asks the bot for an
// external_select's options as the person types (block_suggestion), and submits the inputs' state
// as Slack builds it (view_submission). The page only talks to the playground server, which signs.
import { renderBlocks } from './blocks.js';

const REQUIRED = 'Please complete this required field.';
const TROUBLE = 'We had some trouble connecting. Try again?';
/** Slack asks for options once typing pauses. */
const TYPING_PAUSE_MS = 250;

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};
const plain = (object) => String(object?.text ?? '');

/**
 * One open modal at a time, the one the server reports for the viewer. `api(path, body)` posts as the
 * viewer; `people` resolves mentions in the modal's text blocks.
 */
export function createModal({ api, people }) {
  const modal = new Modal(api, people);
  return { sync: (view) => modal.sync(view) };
}

class Modal {
  constructor(api, people) {
    this.api = api;
    this.people = people;
    this.dialog = document.getElementById('modal');
    /** The modal on screen: its view id, and each input's state by block_id. */
    this.shown = null;
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.close();
    });
  }

  async close() {
    if (!this.shown) return;
    const viewId = this.shown.id;
    this.hide();
    await this.api('/api/close', { viewId });
  }

  hide() {
    this.shown = null;
    if (this.dialog.open) this.dialog.close();
    this.dialog.replaceChildren();
  }

  /** Called after each refresh with the viewer's open modal (or null): opens, keeps or closes it. */
  sync(view) {
    if (!view) {
      if (this.shown) this.hide();
    } else if (this.shown?.id !== view.id) this.show(view);
  }

  show(view) {
    this.shown = { id: view.id, inputs: new Map() };
    const form = el('form', 'modal-form');
    form.noValidate = true;
    const head = el('header', 'modal-head');
    head.append(el('h3', 'modal-title', plain(view.title)));
    const x = el('button', 'modal-x', '×');
    x.type = 'button';
    x.setAttribute('aria-label', 'Close');
    x.addEventListener('click', () => this.close());
    head.append(x);
    const body = el('div', 'modal-body');
    for (const block of view.blocks ?? []) {
      body.append(
        block.type === 'input' ? this.inputBlock(block) : renderBlocks([block], this.people(), () => {}),
      );
    }
    const failure = el('div', 'modal-failure');
    failure.hidden = true;
    const foot = el('footer', 'modal-foot');
    const cancel = el('button', 'btn modal-close', plain(view.close) || 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => this.close());
    foot.append(cancel);
    if (view.submit) {
      const submit = el('button', 'btn primary modal-submit', plain(view.submit));
      submit.type = 'submit';
      foot.append(submit);
    }
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await this.submit(form, failure);
    });
    form.append(head, body, failure, foot);
    this.dialog.replaceChildren(form);
    // Which modal this is: lets a test wait for the one its own step opened.
    this.dialog.dataset.viewId = view.id;
    if (!this.dialog.open) this.dialog.showModal();
  }

  inputBlock(block) {
    const wrap = el('div', 'modal-input');
    wrap.dataset.blockId = block.block_id;
    const id = `input-${block.block_id}`;
    const label = el('label', 'modal-label', plain(block.label));
    label.htmlFor = id;
    if (block.optional) label.append(el('span', 'optional', ' (optional)'));
    wrap.append(label);
    const element = block.element ?? {};
    const input = {
      block,
      element,
      state: { type: element.type, value: null },
      error: el('div', 'field-error'),
    };
    if (element.type === 'external_select') wrap.append(this.externalSelect(block, element, input, id));
    else wrap.append(this.textInput(element, input, id));
    if (block.hint) wrap.append(el('div', 'hint', plain(block.hint)));
    input.error.hidden = true;
    wrap.append(input.error);
    this.shown.inputs.set(block.block_id, input);
    return wrap;
  }

  textInput(element, input, id) {
    const field = el(element.multiline ? 'textarea' : 'input', 'modal-text');
    field.id = id;
    field.dataset.actionId = element.action_id;
    if (element.placeholder) field.placeholder = plain(element.placeholder);
    if (element.max_length) field.maxLength = element.max_length;
    if (element.initial_value) field.value = element.initial_value;
    input.state = { type: 'plain_text_input', value: field.value || null };
    field.addEventListener('input', () => {
      input.state = { type: 'plain_text_input', value: field.value || null };
    });
    return field;
  }

  /** A type-ahead: each pause in typing is one block_suggestion; only the newest answer is this.shown. */
  externalSelect(block, element, input, id) {
    const box = el('div', 'select');
    const field = el('input', 'select-query');
    field.id = id;
    field.autocomplete = 'off';
    field.dataset.actionId = element.action_id;
    field.setAttribute('role', 'combobox');
    if (element.placeholder) field.placeholder = plain(element.placeholder);
    const list = el('ul', 'options');
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.state = { type: 'external_select', selected_option: null };
    const minLength = element.min_query_length ?? 3;
    let asked = 0;
    let timer;
    const ask = () => {
      clearTimeout(timer);
      if (field.value.length < minLength) {
        list.hidden = true;
        return;
      }
      timer = setTimeout(async () => {
        const mine = ++asked;
        const answer = await this.api('/api/suggest', {
          viewId: this.shown?.id,
          blockId: block.block_id,
          actionId: element.action_id,
          value: field.value,
        });
        if (mine !== asked) return;
        list.replaceChildren(...(answer.options ?? []).map(optionItem));
        if (!answer.options?.length) list.append(el('li', 'no-options', 'No results'));
        list.dataset.query = field.value;
        list.hidden = false;
      }, TYPING_PAUSE_MS);
    };
    const optionItem = (option) => {
      const li = el('li', 'option', plain(option.text));
      li.setAttribute('role', 'option');
      li.dataset.value = option.value;
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        input.state = { type: 'external_select', selected_option: option };
        field.value = plain(option.text);
        field.dataset.selected = option.value;
        list.hidden = true;
      });
      return li;
    };
    field.addEventListener('focus', ask);
    field.addEventListener('input', () => {
      // Typing again un-picks the option, as in Slack: only a picked option is a value.
      input.state = { type: 'external_select', selected_option: null };
      delete field.dataset.selected;
      ask();
    });
    field.addEventListener('blur', () => {
      list.hidden = true;
    });
    box.append(field, list);
    return box;
  }

  showErrors(errors) {
    for (const [blockId, input] of this.shown.inputs) {
      input.error.textContent = errors[blockId] ?? '';
      input.error.hidden = !errors[blockId];
    }
  }

  async submit(form, failure) {
    if (!this.shown) return;
    failure.hidden = true;
    // Slack checks required inputs itself and sends nothing until they are filled.
    const missing = {};
    const values = {};
    for (const [blockId, input] of this.shown.inputs) {
      const filled = input.state.value ?? input.state.selected_option;
      if (!filled && !input.block.optional) missing[blockId] = REQUIRED;
      values[blockId] = { [input.element.action_id]: input.state };
    }
    this.showErrors(missing);
    if (Object.keys(missing).length) return;
    const button = form.querySelector('.modal-submit');
    button.disabled = true;
    const viewId = this.shown.id;
    const answer = await this.api('/api/submit', { viewId, values }).catch(() => ({ failed: true }));
    button.disabled = false;
    if (this.shown?.id !== viewId) return;
    if (answer.closed) return this.hide();
    if (answer.errors) return this.showErrors(answer.errors);
    failure.textContent = TROUBLE;
    failure.hidden = false;
  }
}
