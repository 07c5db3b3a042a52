// The API key lives in sessionStorage only: gone when the tab closes, never in the URL, never in localStorage.
const KEY = 'catalogforge.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
  /** The key as it may be shown: its prefix and last four characters. */
  hint() {
    const key = this.key() ?? '';
    return key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : '••••';
  },
};
