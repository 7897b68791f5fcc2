'use strict';
// The sandbox's IAM side, as @aws-sdk/client-iam sees it.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const iam = require('@aws-sdk/client-iam');
const { startSandbox, expectError, TRUST_POLICY } = require('./lib/sandbox');

describe('IAM over the query protocol', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => { await sandbox.admin('POST', 'reset'); });

  const send = (command) => sandbox.iam.send(command);
  const createRole = (RoleName) => send(new iam.CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_POLICY }));

  it('creates a profile with AWS-shaped ARN, id and date', async () => {
    const { InstanceProfile: p, $metadata } = await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/' }));
    assert.equal($metadata.httpStatusCode, 200);
    assert.equal(p.Arn, 'arn:aws:iam::123456789012:instance-profile/app/web');
    assert.match(p.InstanceProfileId, /^AIPA[A-Z0-9]{17}$/);
    assert.ok(p.CreateDate instanceof Date && !Number.isNaN(p.CreateDate.getTime()));
    assert.deepEqual(p.Roles, []);
  });

  it('embeds the role in the profile with its trust policy URL-encoded on the wire', async () => {
    const { Role: role } = await createRole('web-role');
    assert.match(role.RoleId, /^AROA[A-Z0-9]{17}$/);
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    const { InstanceProfile: p } = await send(new iam.GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    assert.equal(p.Roles.length, 1);
    assert.equal(p.Roles[0].RoleName, 'web-role');
    assert.equal(p.Roles[0].Arn, 'arn:aws:iam::123456789012:role/web-role');
    assert.equal(decodeURIComponent(p.Roles[0].AssumeRolePolicyDocument), TRUST_POLICY);
  });

  it('answers EntityAlreadyExists (409) for a second profile of the same name', async () => {
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'dup' }));
    const error = await expectError(() => send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'dup' })));
    assert.deepEqual([error.code, error.status], ['EntityAlreadyExists', 409]);
  });

  it('answers NoSuchEntity (404) for an unknown profile and role', async () => {
    const profile = await expectError(() => send(new iam.GetInstanceProfileCommand({ InstanceProfileName: 'nope' })));
    assert.deepEqual([profile.code, profile.status, profile.message], ['NoSuchEntity', 404, 'Instance Profile nope cannot be found.']);
    const role = await expectError(() => send(new iam.GetRoleCommand({ RoleName: 'nope' })));
    assert.deepEqual([role.code, role.status, role.message], ['NoSuchEntity', 404, 'The role with name nope cannot be found.']);
  });

  it('answers LimitExceeded (409) for a second role in a profile', async () => {
    await createRole('a');
    await createRole('b');
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    await send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'a' }));
    const error = await expectError(() => send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'b' })));
    assert.deepEqual([error.code, error.status, error.message], ['LimitExceeded', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1']);
  });

  it('answers DeleteConflict (409) for a profile with a role and a role in a profile', async () => {
    await createRole('a');
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    await send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'a' }));
    const profile = await expectError(() => send(new iam.DeleteInstanceProfileCommand({ InstanceProfileName: 'p' })));
    assert.deepEqual([profile.code, profile.status], ['DeleteConflict', 409]);
    const role = await expectError(() => send(new iam.DeleteRoleCommand({ RoleName: 'a' })));
    assert.deepEqual([role.code, role.status], ['DeleteConflict', 409]);
    await send(new iam.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'a' }));
    await send(new iam.DeleteInstanceProfileCommand({ InstanceProfileName: 'p' }));
    await send(new iam.DeleteRoleCommand({ RoleName: 'a' }));
  });

  for (const [what, input] of [
    ['a name with a space', { InstanceProfileName: 'bad name' }],
    ['a name of 129 characters', { InstanceProfileName: 'x'.repeat(129) }],
    ['a non-ASCII name', { InstanceProfileName: 'café' }],
    ['a path without a trailing slash', { InstanceProfileName: 'ok', Path: '/app' }],
    ['51 tags', { InstanceProfileName: 'ok', Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }],
    ['a tag key of 129 characters', { InstanceProfileName: 'ok', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }],
    ['a tag value of 257 characters', { InstanceProfileName: 'ok', Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }],
  ]) {
    it(`refuses ${what} with ValidationError (400)`, async () => {
      const error = await expectError(() => send(new iam.CreateInstanceProfileCommand(input)));
      assert.deepEqual([error.code, error.status], ['ValidationError', 400]);
    });
  }

  it('refuses a role name of 65 characters with ValidationError (400)', async () => {
    const error = await expectError(() => createRole('r'.repeat(65)));
    assert.deepEqual([error.code, error.status], ['ValidationError', 400]);
  });

  it('refuses duplicate tag keys with InvalidInput (400)', async () => {
    const error = await expectError(() => send(new iam.CreateInstanceProfileCommand({
      InstanceProfileName: 'p', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }],
    })));
    assert.deepEqual([error.code, error.status], ['InvalidInput', 400]);
  });

  it('tags, lists and untags a profile, and holds at most 50 tags', async () => {
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    await send(new iam.TagInstanceProfileCommand({ InstanceProfileName: 'p', Tags: fifty }));
    const page = await send(new iam.ListInstanceProfileTagsCommand({ InstanceProfileName: 'p', MaxItems: 20 }));
    assert.equal(page.Tags.length, 20);
    assert.equal(page.IsTruncated, true);
    const over = await expectError(() => send(new iam.TagInstanceProfileCommand({ InstanceProfileName: 'p', Tags: [{ Key: 'one-more', Value: 'x' }] })));
    assert.deepEqual([over.code, over.status], ['LimitExceeded', 409]);
    await send(new iam.UntagInstanceProfileCommand({ InstanceProfileName: 'p', TagKeys: fifty.slice(1).map((t) => t.Key) }));
    const { Tags } = await send(new iam.ListInstanceProfileTagsCommand({ InstanceProfileName: 'p' }));
    assert.deepEqual(Tags, [{ Key: 'k00', Value: 'v0' }]);
  });

  it('pages ListInstanceProfiles with Marker and MaxItems, filtered by PathPrefix', async () => {
    for (let i = 0; i < 7; i++) {
      await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: `p${i}`, Path: i < 5 ? '/team/' : '/' }));
    }
    const names = [];
    for await (const page of iam.paginateListInstanceProfiles({ client: sandbox.iam, pageSize: 2 }, { PathPrefix: '/team/' })) {
      assert.ok(page.InstanceProfiles.length <= 2);
      names.push(...page.InstanceProfiles.map((p) => p.InstanceProfileName));
    }
    assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4']);
    const error = await expectError(() => send(new iam.ListInstanceProfilesCommand({ MaxItems: 1001 })));
    assert.deepEqual([error.code, error.status], ['ValidationError', 400]);
  });

  it('lists the profiles of a role and pages ListRoles', async () => {
    await createRole('r1');
    await createRole('r2');
    await createRole('r3');
    await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    await send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'r2' }));
    const forRole = await send(new iam.ListInstanceProfilesForRoleCommand({ RoleName: 'r2' }));
    assert.deepEqual(forRole.InstanceProfiles.map((p) => p.InstanceProfileName), ['p']);
    const first = await send(new iam.ListRolesCommand({ MaxItems: 2 }));
    assert.deepEqual([first.Roles.map((r) => r.RoleName), first.IsTruncated], [['r1', 'r2'], true]);
    const second = await send(new iam.ListRolesCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual([second.Roles.map((r) => r.RoleName), second.IsTruncated], [['r3'], false]);
  });

  // Shapes and messages recorded from real IAM (localstack/localstack test_iam_instance_profiles.snapshot.json).
  it('answers as recorded from real IAM: Tags [] in GetInstanceProfile, the unattached-role message', async () => {
    const created = await send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    assert.equal(created.InstanceProfile.Tags, undefined);
    const { InstanceProfile: got } = await send(new iam.GetInstanceProfileCommand({ InstanceProfileName: 'p' }));
    assert.deepEqual(got.Tags, []);
    await createRole('r');
    const error = await expectError(() => send(new iam.RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'r' })));
    assert.deepEqual([error.code, error.status, error.message], ['NoSuchEntity', 404, 'Role r in Instance Profile p cannot be found.']);
  });
});
