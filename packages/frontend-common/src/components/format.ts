/** An ISO 8601 time in the user's locale; `—` when absent, as is when unparsable. */
export function formatTime(iso?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
