/* The dev console page: plain browser JavaScript, no build step. */
(() => {
  const AC = window.AdaptiveCards;
  // Teams renders a markdown subset (**bold**, _italic_, line breaks) and honours CommonMark
  // backslash escapes, which the app puts before every markdown character of card text
  // (cards/plain-text.ts); so does the console: an escaped character is shown as itself.
  const html = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const kept = [];
    const marked = text.replace(/\\([!-/:-@[-`{-~])/g, (_, c) => `\uE000${kept.push(c) - 1}\uE001`);
    result.outputHtml = html(marked)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1<em>$2</em>')
      .replace(/\n/g, '<br>')
      .replace(/\uE000(\d+)\uE001/g, (_, i) => html(kept[Number(i)]));
    result.didProcess = true;
  };
  const state = {
    people: [],
    me: undefined,
    tab: 'personal',
    channelId: '',
    since: 0,
    messages: new Map(),
    overrides: new Map(),
    hostConfig: undefined,
  };
  const $ = (id) => document.getElementById(id);

  const conversationOf = (m) => (m.conversationId || '').replace(/;messageid=.*$/, '');
  const personalId = (p) => `a:console-personal-${p.id}`;
  const currentConversation = () => (state.tab === 'channel' ? state.channelId : personalId(state.me));

  async function post(path, body) {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res.json();
  }

  function renderCard(card, message) {
    const adaptive = new AC.AdaptiveCard();
    adaptive.hostConfig = state.hostConfig;
    adaptive.onExecuteAction = async (action) => {
      if (!(action instanceof AC.ExecuteAction) && !(action instanceof AC.SubmitAction)) return;
      const result = await post('/console/invoke', {
        as: state.me.id,
        conversationId: message.conversationId,
        activityId: message.id,
        verb: action.verb || '',
        data: action.data || {},
      });
      const value = result && result.body && result.body.value;
      if (value && value.type === 'AdaptiveCard') {
        // As in Teams: the invoke response replaces the card for the person who clicked.
        state.overrides.set(`${state.me.id}|${message.id}`, value);
        render();
      } else if (value && typeof value === 'string') {
        alert(value);
      }
    };
    adaptive.parse(card);
    return adaptive.render();
  }

  // Keyed rendering: a message's element is rebuilt only when the message (or what this viewer
  // sees of it) changed, so card inputs keep their state between polls.
  const rendered = new Map();

  function messageElement(m, cards) {
    const el = document.createElement('div');
    el.className = `message ${m.from}`;
    el.dataset.testid = 'message';
    el.dataset.id = m.id;
    const who =
      m.from === 'bot'
        ? 'Entra Ops'
        : (state.people.find((p) => p.person.id === m.author) || { person: { displayName: 'someone' } }).person
            .displayName;
    el.innerHTML = '<div class="meta"></div>';
    el.querySelector('.meta').textContent = who;
    if (m.text && !(m.from === 'bot' && m.cards.length)) {
      const t = document.createElement('div');
      t.className = 'text';
      t.textContent = m.text.replace(/<\/?at>/g, '');
      el.appendChild(t);
    }
    for (const card of cards) {
      try {
        const out = renderCard(card, m);
        if (out) el.appendChild(out);
      } catch (e) {
        const err = document.createElement('pre');
        err.textContent = `card could not be rendered: ${e}`;
        el.appendChild(err);
      }
    }
    return el;
  }

  function render() {
    const box = $('messages');
    const here = currentConversation();
    const wanted = [];
    for (const m of [...state.messages.values()].sort((a, b) => a.seq - b.seq)) {
      if (conversationOf(m) !== here) continue;
      const key = `${state.me.id}|${m.id}`;
      const override = state.overrides.get(key);
      const version = `${here}|${state.me.id}|${m.updatedSeq}|${override ? 'o' : ''}`;
      let entry = rendered.get(m.id);
      if (!entry || entry.version !== version) {
        entry = { version, el: messageElement(m, override ? [override] : m.cards) };
        rendered.set(m.id, entry);
      }
      wanted.push(entry.el);
    }
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    const current = [...box.children];
    if (current.length !== wanted.length || current.some((el, i) => el !== wanted[i])) {
      box.replaceChildren(...wanted);
      if (atBottom || wanted.length > current.length) box.scrollTop = box.scrollHeight;
    }
    $('title').textContent =
      state.tab === 'channel' ? 'IT channel' : `Chat with Entra Ops — as ${state.me.displayName}`;
    $('tab-personal').setAttribute('aria-selected', String(state.tab === 'personal'));
    $('tab-channel').setAttribute('aria-selected', String(state.tab === 'channel'));
  }

  async function poll() {
    try {
      const res = await fetch(`/console/messages?since=${state.since}`);
      const changes = await res.json();
      for (const m of changes) {
        state.messages.set(m.id, m);
        state.since = Math.max(state.since, m.updatedSeq);
        if (state.overrides.size)
          for (const key of [...state.overrides.keys()]) if (key.endsWith(`|${m.id}`)) state.overrides.delete(key);
      }
      if (changes.length) render();
    } catch {
      /* the host may be restarting */
    }
    setTimeout(poll, 400);
  }

  async function start() {
    const [st, hc] = await Promise.all([
      fetch('/console/state').then((r) => r.json()),
      fetch('/console/hostconfig.json').then((r) => r.json()),
    ]);
    state.hostConfig = new AC.HostConfig(hc);
    state.people = st.people;
    state.channelId = st.itChannelId;
    state.me = st.people[0].person;
    const peopleBox = $('people');
    for (const { role, person } of st.people) {
      const label = document.createElement('label');
      label.innerHTML = `<input type="radio" name="who"> <span></span><br><small></small>`;
      label.querySelector('input').value = person.id;
      label.querySelector('input').checked = person.id === state.me.id;
      label.querySelector('span').textContent = person.displayName;
      label.querySelector('small').textContent = `${role} · ${person.userPrincipalName}`;
      label.querySelector('input').addEventListener('change', () => {
        state.me = person;
        render();
      });
      peopleBox.appendChild(label);
      const opt = document.createElement('option');
      opt.value = person.id;
      opt.textContent = `${person.displayName} (${role})`;
      $('control-target').appendChild(opt);
    }
    for (const [label, value] of Object.entries(st.hints)) {
      const div = document.createElement('div');
      div.innerHTML = '<small></small><br><code></code>';
      div.querySelector('small').textContent = label;
      div.querySelector('code').textContent = value;
      $('hints').appendChild(div);
      if (label.toLowerCase().includes('peer')) {
        const opt = document.createElement('option');
        opt.value = value;
        opt.textContent = value;
        $('peer-target').appendChild(opt);
      }
    }
    const leaver = st.people.find((p) => p.role === 'leaver');
    if (leaver) $('control-target').value = leaver.person.id;
    $('tab-personal').addEventListener('click', () => {
      state.tab = 'personal';
      render();
    });
    $('tab-channel').addEventListener('click', () => {
      state.tab = 'channel';
      render();
    });
    $('composer').addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = $('input').value.trim();
      if (!text) return;
      $('input').value = '';
      await post('/console/send', { as: state.me.id, text, where: state.tab });
    });
    for (const b of document.querySelectorAll('button[data-action]')) {
      b.addEventListener('click', async () => {
        const action = b.dataset.action;
        const target = action.startsWith('peer') ? $('peer-target').value : $('control-target').value;
        await post('/console/control', { action, target });
      });
    }
    render();
    poll();
  }

  start();
})();
