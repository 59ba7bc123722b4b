/**
 * Reads a response body as JSON, or `undefined` when it is empty or not JSON: error bodies
 * from a proxy or load balancer in front of Google are often HTML, and their status alone
 * must still be mapped. Network failures while reading still throw.
 */
export async function readJson(response: Response): Promise<unknown> {
  const body = await response.text();
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
