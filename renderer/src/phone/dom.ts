/** A few lines instead of a framework: the page must stay small for phones on a slow Wi-Fi. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const key of Object.keys(props)) {
    const value = props[key];
    // A form field's current value is a property, not the attribute (a textarea has none); set after its children (a select's options).
    if (key === 'value') continue;
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key === 'className') el.className = String(value);
    else if (key in el && typeof value !== 'string') (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  if (props.value !== undefined && props.value !== null) (el as unknown as { value: string }).value = String(props.value);
  return el;
}

/** Replaces what `parent` shows. */
export function show(parent: HTMLElement, ...children: Child[]): void {
  parent.textContent = '';
  for (const c of children) if (c !== null && c !== undefined && c !== false) parent.append(c);
}
