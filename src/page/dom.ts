type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined;

function fill<E extends Element>(element: E, attributes: Attributes, children: readonly Child[]): E {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined) element.append(child);
  return element;
}

/** A small helper to build elements: h('td', { class: 'n' }, '0.4237'). */
export const h = (tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement =>
  fill(document.createElement(tag), attributes, children);

/** The same for the diagram's drawing: s('rect', { x: 0, width: 10 }). */
export const s = (tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement =>
  fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);

/** A table from a header row and rows of cells. */
export function table(head: readonly string[], rows: readonly (readonly (Node | string)[])[]): HTMLElement {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((cell) => h('th', { scope: 'col' }, cell)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell))))),
  );
}
