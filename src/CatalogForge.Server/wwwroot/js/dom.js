// Builds elements without innerHTML, so text from the API can never become markup.

/** h('a.link', { href: '#/jobs' }, 'Jobs', child, [children]); the tag may carry an id and classes: 'input#key.wide'. */
export function h(tag, props = {}, ...children) {
  const [, name, rest] = tag.match(/^([a-z0-9]*)(.*)$/i);
  const element = document.createElement(name || 'div');
  const classes = [];
  for (const [, mark, value] of rest.matchAll(/([.#])([^.#]+)/g)) {
    if (mark === '#') element.id = value;
    else classes.push(value);
  }
  if (classes.length) element.className = classes.join(' ');
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = [element.className, value].filter(Boolean).join(' ');
    else if (key === 'dataset') Object.assign(element.dataset, value);
    // Through CSSOM, which the page's Content-Security-Policy allows (style attributes in markup it does not).
    else if (key === 'style') Object.assign(element.style, value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

/** Replaces the children of `element`. */
export const mount = (element, ...children) => {
  element.replaceChildren();
  append(element, children);
  return element;
};
