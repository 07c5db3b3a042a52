const numberFormat = new Intl.NumberFormat('en');
export const count = (value) => numberFormat.format(value ?? 0);

export const usd = (value) => {
  const amount = Number(value ?? 0);
  if (amount > 0 && amount < 0.0001) return '<$0.0001';
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return `$${amount.toFixed(digits)}`;
};

export const compact = (value) => new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value ?? 0);

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

export const exact = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—');

export function duration(fromIso, toIso) {
  if (!fromIso) return '—';
  const seconds = Math.max(0, Math.round(((toIso ? Date.parse(toIso) : Date.now()) - Date.parse(fromIso)) / 1000));
  return seconds < 90 ? `${seconds} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** "CompletedWithErrors" → "Completed with errors" */
export const words = (name) => (name ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ (\w)/g, (_, c) => ` ${c.toLowerCase()}`);

export const shortId = (id) => (id && id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

/** 0.423 → "42 %" (a share 0…1). */
export const percent = (share, digits = 0) => (share == null ? '—' : `${(share * 100).toFixed(digits)} %`);

/** 0.05 → "+0.05", −3 → "−3": a change with its sign. */
export const signed = (value, digits = 2) => (value > 0 ? '+' : value < 0 ? '−' : '±') + Math.abs(value).toFixed(digits);

/** 1, 'pair' → "1 pair"; 3, 'pair' → "3 pairs". */
export const plural = (n, noun) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
