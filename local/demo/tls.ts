/**
 * A self-signed certificate for the HTTPS simulator on 127.0.0.1 (MSAL only talks to https
 * authorities). The host or a test trusts it with
 * `tls.setDefaultCACertificates([...tls.getCACertificates('default'), cert])` (Node 22.19+).
 * EC P-256: generating it takes milliseconds. https://nodejs.org/api/tls.html#tlssetdefaultcacertificatescerts
 */
import { generate } from 'selfsigned';

export interface Certificate {
  /** PEM; secret. */
  key: string;
  /** PEM of the self-signed certificate: the trust anchor as well as the server's certificate. */
  cert: string;
}

export async function loopbackCertificate(now: Date = new Date()): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: 'NetBird Entra Ops demo (127.0.0.1)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
