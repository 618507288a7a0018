/**
 * What a listening address may be: a host name (RFC 1123 labels), an IPv4 address in dotted
 * decimal, or an IPv6 address (optionally with a zone, fe80::1%eth0), without brackets. Anything
 * else — a NUL, a space, a scheme or path — would be handed to the resolver as it is, and stored.
 */

const hostLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const hexGroup = /^[0-9A-Fa-f]{1,4}$/;
const zonePattern = /^[A-Za-z0-9_.-]{1,64}$/;

export function isIpv4Address(text: string): boolean {
  return ipv4Pattern.test(text);
}

/** Eight groups of up to four hex digits, one "::" standing for the missing ones, an IPv4 tail. */
export function isIpv6Address(text: string): boolean {
  const [address = '', zone, ...rest] = text.split('%');
  if (rest.length > 0 || (zone !== undefined && !zonePattern.test(zone))) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string | undefined) => (half === undefined || half === '' ? [] : half.split(':'));
  const groups = [...groupsOf(halves[0]), ...groupsOf(halves[1])];
  const last = groups.at(-1);
  // An IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const hasIpv4Tail = last !== undefined && last.includes('.');
  if (hasIpv4Tail && !isIpv4Address(last)) return false;
  const hexGroups = hasIpv4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((group) => hexGroup.test(group))) return false;
  const count = hexGroups.length + (hasIpv4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** RFC 1123 labels of letters, digits and inner hyphens, 253 characters in all. */
export function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.split('.');
  // All digits and dots is an IPv4 address or nothing: 1.2.3.999 is a typo, not a name.
  if (labels.every((label) => /^\d+$/.test(label))) return false;
  return labels.every((label) => hostLabel.test(label));
}

export function isHostOrIpAddress(text: string): boolean {
  return isIpv4Address(text) || isIpv6Address(text) || isHostName(text);
}
