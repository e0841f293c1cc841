import { describe, expect, it } from 'vitest';
import { GraphError } from '../../shared/graph/index.js';
import { USER_FIELDS } from '../../shared/graph/schemas.js';
import { fixture, graph, makeClient } from './support.js';

const USER_ID = '1f0e98f5-3161-4c6b-9b50-d488572f2bb7';
const notFound = { error: { code: 'Request_ResourceNotFound', message: `Resource '${USER_ID}' does not exist.` } };

describe('getUser', () => {
  it('selects the offboarding fields and returns the user', async () => {
    const body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,accountEnabled)/$entity',
      id: USER_ID,
      accountEnabled: true,
      displayName: 'Bob Contoso',
      userPrincipalName: 'bob@contoso.com',
      mail: 'bob@contoso.com',
      onPremisesSyncEnabled: true,
      onPremisesSamAccountName: 'bob',
      onPremisesDistinguishedName: 'CN=Bob Contoso,OU=Staff,DC=contoso,DC=com',
      onPremisesImmutableId: 'AbCdEfGhIjKlMnOpQrStUw==',
      onPremisesLastSyncDateTime: '2024-12-27T09:00:00Z',
      lastPasswordChangeDateTime: '2024-11-02T08:00:00Z',
      department: 'Finance',
      jobTitle: null,
    };
    const api = graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query({ $select: USER_FIELDS.join(',') })
      .reply(200, body);
    const { client } = makeClient();
    const user = await client.getUser(USER_ID);
    expect(api.isDone()).toBe(true);
    expect(user).toMatchObject({ id: USER_ID, onPremisesSamAccountName: 'bob', jobTitle: null, department: 'Finance' });
    expect(user).not.toHaveProperty('@odata.context');
  });

  it('percent-encodes a UPN in the path', async () => {
    let seen = '';
    graph()
      .get(/\/v1\.0\/users\/.*/)
      .query(true)
      .reply((req: Request) => {
        seen = req.url;
        return [200, { id: USER_ID }];
      });
    const { client } = makeClient();
    await client.getUser("o'brien@contoso.com");
    expect(new URL(seen).pathname).toBe('/v1.0/users/o%27brien%40contoso.com');
  });

  it("writes a UPN that starts with '$' as a quoted key", async () => {
    let seen = '';
    graph()
      .get(/\/v1\.0\/users.*/)
      .query(true)
      .reply((req: Request) => {
        seen = req.url;
        return [200, { id: USER_ID }];
      });
    const { client } = makeClient();
    await client.getUser('$adele@contoso.com');
    expect(decodeURIComponent(new URL(seen).pathname)).toBe("/v1.0/users('$adele@contoso.com')");
  });

  it('gives undefined on 404', async () => {
    graph().get(`/v1.0/users/${USER_ID}`).query(true).reply(404, notFound);
    const { client } = makeClient();
    await expect(client.getUser(USER_ID)).resolves.toBeUndefined();
  });

  it('still throws other errors', async () => {
    graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(400, { error: { code: 'Request_BadRequest', message: 'Invalid object identifier' } });
    const { client } = makeClient();
    await expect(client.getUser(USER_ID)).rejects.toBeInstanceOf(GraphError);
  });
});

describe('getDeletedUser', () => {
  it('finds a soft-deleted user in directory/deletedItems', async () => {
    const api = graph()
      .get(`/v1.0/directory/deletedItems/${USER_ID}`)
      .query({ $select: [...USER_FIELDS, 'deletedDateTime'].join(',') })
      .reply(200, {
        '@odata.type': '#microsoft.graph.user',
        id: USER_ID,
        displayName: 'Bob Contoso',
        userPrincipalName: `${USER_ID.replaceAll('-', '')}bob@contoso.com`,
        deletedDateTime: '2024-12-30T10:00:00Z',
        accountEnabled: false,
      });
    const { client } = makeClient();
    const deleted = await client.getDeletedUser(USER_ID);
    expect(api.isDone()).toBe(true);
    expect(deleted).toMatchObject({ id: USER_ID, deletedDateTime: '2024-12-30T10:00:00Z', accountEnabled: false });
    expect(deleted).not.toHaveProperty('@odata.type');
  });

  it('gives undefined when the deleted item is not a user, or not there', async () => {
    graph()
      .get(`/v1.0/directory/deletedItems/${USER_ID}`)
      .query(true)
      .reply(200, { '@odata.type': '#microsoft.graph.group', id: USER_ID });
    graph().get('/v1.0/directory/deletedItems/00000000-0000-0000-0000-000000000001').query(true).reply(404, notFound);
    const { client } = makeClient();
    await expect(client.getDeletedUser(USER_ID)).resolves.toBeUndefined();
    await expect(client.getDeletedUser('00000000-0000-0000-0000-000000000001')).resolves.toBeUndefined();
  });
});

describe('getManager', () => {
  it('returns the manager (docs sample)', async () => {
    const api = graph()
      .get(`/v1.0/users/${USER_ID}/manager`)
      .query({ $select: 'id,displayName,userPrincipalName,mail' })
      .reply(200, fixture('user-manager.json'));
    const { client } = makeClient();
    await expect(client.getManager(USER_ID)).resolves.toEqual({
      id: '7d54cb02-aaa3-4016-9f9c-a4b49422dd9b',
      displayName: 'Sara Davis',
      mail: 'SaraD@contoso.onmicrosoft.com',
      userPrincipalName: 'SaraD@contoso.onmicrosoft.com',
      kind: 'user',
    });
    expect(api.isDone()).toBe(true);
  });

  it('accepts an orgContact manager without a UPN', async () => {
    graph().get(`/v1.0/users/${USER_ID}/manager`).query(true).reply(200, {
      '@odata.type': '#microsoft.graph.orgContact',
      id: 'c0ffee00-0000-4000-8000-000000000000',
      displayName: 'External Boss',
      mail: 'boss@partner.example',
    });
    const { client } = makeClient();
    await expect(client.getManager(USER_ID)).resolves.toMatchObject({
      kind: 'orgContact',
      mail: 'boss@partner.example',
    });
  });

  it('gives undefined when no manager is set (404)', async () => {
    graph().get(`/v1.0/users/${USER_ID}/manager`).query(true).reply(404, notFound);
    const { client } = makeClient();
    await expect(client.getManager(USER_ID)).resolves.toBeUndefined();
  });
});

describe('getUserDevices', () => {
  it('merges registered and owned devices, de-duplicated, keeping id-only items', async () => {
    const registered = fixture<{ value: { id: string }[] }>('user-registered-devices.json');
    const select =
      'id,deviceId,displayName,operatingSystem,operatingSystemVersion,trustType,approximateLastSignInDateTime,accountEnabled';
    const api = graph()
      .get(`/v1.0/users/${USER_ID}/registeredDevices/microsoft.graph.device`)
      .query({ $select: select })
      .reply(200, registered)
      .get(`/v1.0/users/${USER_ID}/ownedDevices/microsoft.graph.device`)
      .query({ $select: select })
      .reply(200, {
        value: [
          // the same laptop, owned as well as registered
          { '@odata.type': '#microsoft.graph.device', id: registered.value[0]!.id },
          // without Device.Read.All: only the id
          { '@odata.type': '#microsoft.graph.device', id: '9d1c5f0a-7b3e-4c2d-8e6f-1a2b3c4d5e6f' },
        ],
      });
    const { client } = makeClient();
    const devices = await client.getUserDevices(USER_ID);
    expect(api.isDone()).toBe(true);
    expect(devices).toHaveLength(3);
    expect(devices[0]).toMatchObject({
      displayName: 'DESKTOP-858MANH',
      trustType: 'ServerAd',
      relations: ['registered', 'owned'],
    });
    expect(devices[1]).toMatchObject({
      displayName: "Bob's iPhone",
      trustType: 'Workplace',
      relations: ['registered'],
    });
    expect(devices[2]).toEqual({ id: '9d1c5f0a-7b3e-4c2d-8e6f-1a2b3c4d5e6f', relations: ['owned'] });
  });
});
