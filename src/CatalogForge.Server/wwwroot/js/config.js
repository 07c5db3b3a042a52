// Where the API is. Empty: the same origin that served this page (the Server, or a Functions app serving the files).
// When the files are hosted elsewhere (a Blob static website), set this to the Functions app's origin, e.g.
// 'https://func-catalogforge.azurewebsites.net', and allow that origin in the app's CORS settings (docs/dashboard.md).
export const config = { apiBase: '' };
