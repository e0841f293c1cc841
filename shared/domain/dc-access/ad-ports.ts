/**
 * The ports a Windows client needs to a domain controller (DESIGN.md §7, from the seed).
 * https://learn.microsoft.com/troubleshoot/windows-server/networking/service-overview-and-network-port-requirements
 */
export type Protocol = 'tcp' | 'udp';
export interface PortRequirement {
  protocol: Protocol;
  start: number;
  end: number;
  service: string;
}

const p = (protocol: Protocol, start: number, service: string, end = start): PortRequirement => ({
  protocol,
  start,
  end,
  service,
});

export const AD_PORTS: readonly PortRequirement[] = [
  p('tcp', 53, 'DNS'),
  p('udp', 53, 'DNS'),
  p('tcp', 88, 'Kerberos'),
  p('udp', 88, 'Kerberos'),
  p('udp', 123, 'NTP'),
  p('tcp', 135, 'RPC endpoint mapper'),
  p('tcp', 389, 'LDAP'),
  p('udp', 389, 'LDAP (DC locator)'),
  p('tcp', 445, 'SMB (SYSVOL, NetLogon)'),
  p('tcp', 464, 'Kerberos password change'),
  p('udp', 464, 'Kerberos password change'),
  p('tcp', 636, 'LDAPS'),
  p('tcp', 3268, 'Global Catalog'),
  p('tcp', 3269, 'Global Catalog over TLS'),
  p('tcp', 9389, 'AD Web Services'),
  p('tcp', 49152, 'RPC dynamic ports', 65535),
];

export function formatPort(r: { protocol: Protocol; start: number; end: number }): string {
  return `${r.protocol.toUpperCase()} ${r.start === r.end ? r.start : `${r.start}-${r.end}`}`;
}
