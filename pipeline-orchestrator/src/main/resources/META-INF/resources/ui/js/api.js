// The admin API, called with the token the person signed in with (kept for this tab only).
const TOKEN_KEY = 'mlops.admin-token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed call: the HTTP status and the problem+json detail the API gave. */
export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/** Listeners told when the token is refused (the page then asks for it again). */
const unauthorized = new Set();
export const onUnauthorized = (f) => unauthorized.add(f);

/**
 * Calls the admin API: `path` is below /admin (e.g. `/runs?limit=20`). Relative to the page, so
 * the dashboard works behind a path prefix too.
 */
export async function api(path, { method = 'GET', body, token = session.token() } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`../admin${path}`, {
      method,
      headers,
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'the orchestrator cannot be reached', null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.status === 401 && token === session.token()) {
    unauthorized.forEach((f) => f()); // the signed-in token no longer works (a sign-in attempt is not)
  }
  if (!response.ok) {
    const detail = data && (data.detail || data.title);
    throw new ApiError(response.status, detail || `${response.status} ${response.statusText}`, data);
  }
  return data;
}
