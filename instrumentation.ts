/** Opens the store (migrating and seeding it) when the server boots, not on the first reader's request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getStore } = await import("@/lib/store/open-store");
  await getStore();
}
