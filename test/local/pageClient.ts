/** Calls a local page's functions as its own page does: same origin, JSON, and the run's secret. */
export async function pageClient(url: string) {
  const html = await (await fetch(`${url}/`)).text();
  const secret = /"X-Peach-Secret": "([0-9a-f]*)"/.exec(html)?.[1] ?? "";
  return async <T = unknown>(name: string, ...args: unknown[]) => {
    const res = await fetch(`${url}/rpc/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: url, "X-Peach-Secret": secret },
      body: JSON.stringify({ args }),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; value?: T; error?: string } };
  };
}
