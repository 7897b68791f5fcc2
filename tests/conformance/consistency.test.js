'use strict';
// Eventual consistency and faults, set through the admin endpoint, as a client sees them.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const iam = require('@aws-sdk/client-iam');
const ec2 = require('@aws-sdk/client-ec2');
const { startSandbox, expectError, TRUST_POLICY } = require('./lib/sandbox');
const { profileWithRole, launch, eventually } = require('./lib/fixtures');

describe('eventual consistency and faults', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => { await sandbox.admin('POST', 'reset'); });

  it('changes settings at run time, refuses unknown names, and resets them', async () => {
    const changed = await sandbox.admin('POST', 'settings', { consistency: { associatingMs: 250 } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.consistency.associatingMs, 250);
    assert.equal(changed.body.consistency.disassociatingMs, 0);
    const refused = await sandbox.admin('POST', 'settings', { consistency: { associatingMillis: 1 } });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /consistency\.associatingMillis/);
    await sandbox.admin('POST', 'reset');
    assert.equal((await sandbox.admin('GET', 'settings')).body.consistency.associatingMs, 0);
  });

  it('keeps a new profile unknown to EC2 while it propagates', async () => {
    await sandbox.admin('POST', 'settings', { consistency: { profilePropagationMs: 60000 } });
    await profileWithRole(sandbox, 'fresh');
    const [a] = await launch(sandbox, 1);
    const error = await expectError(() => sandbox.ec2.send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'fresh' } })));
    assert.deepEqual([error.code, error.message], ['InvalidParameterValue', 'Value (fresh) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name']);
    const { InstanceProfile } = await sandbox.iam.send(new iam.GetInstanceProfileCommand({ InstanceProfileName: 'fresh' }));
    assert.equal(InstanceProfile.InstanceProfileName, 'fresh');
  });

  it('keeps a new role unknown to AddRoleToInstanceProfile while it propagates', async () => {
    await sandbox.admin('POST', 'settings', { consistency: { rolePropagationMs: 60000 } });
    await sandbox.iam.send(new iam.CreateRoleCommand({ RoleName: 'new-role', AssumeRolePolicyDocument: TRUST_POLICY }));
    await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'p' }));
    const error = await expectError(() => sandbox.iam.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'p', RoleName: 'new-role' })));
    assert.deepEqual([error.code, error.status], ['NoSuchEntity', 404]);
  });

  it('shows associating until associatingMs has passed, and records it in the timeline', async () => {
    // Long enough that a loaded machine still sees associating on the first read.
    await sandbox.admin('POST', 'settings', { consistency: { associatingMs: 1500 } });
    await profileWithRole(sandbox, 'p');
    const [a] = await launch(sandbox, 1);
    await sandbox.ec2.send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'p' } }));
    const stateOf = async () => (await sandbox.ec2.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'instance-id', Values: [a] }],
    }))).IamInstanceProfileAssociations[0].State;
    assert.equal(await stateOf(), 'associating');
    await eventually(async () => (await stateOf()) === 'associated');
    const timeline = (await sandbox.admin('GET', `timeline?instanceId=${a}`)).body;
    assert.deepEqual(timeline.map((e) => e.state), ['associating', 'associated']);
    assert.equal(Date.parse(timeline[1].time) - Date.parse(timeline[0].time), 1500);
  });

  it('shows in the timeline that a replace never leaves the instance without a profile', async () => {
    await sandbox.admin('POST', 'settings', { consistency: { associatingMs: 100 } });
    await profileWithRole(sandbox, 'old');
    const target = await profileWithRole(sandbox, 'new');
    const [a] = await launch(sandbox, 1, 'old');
    const [current] = (await sandbox.ec2.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'instance-id', Values: [a] }],
    }))).IamInstanceProfileAssociations;
    await sandbox.ec2.send(new ec2.ReplaceIamInstanceProfileAssociationCommand({ AssociationId: current.AssociationId, IamInstanceProfile: { Name: 'new' } }));
    const timeline = await eventually(async () => {
      const events = (await sandbox.admin('GET', `timeline?instanceId=${a}`)).body;
      return events.length > 0 && events[events.length - 1].state === 'associated' && events[events.length - 1].instanceProfileArn === target.Arn && events;
    });
    assert.ok(timeline.every((e) => e.effectiveInstanceProfileArn !== null), JSON.stringify(timeline));
    assert.deepEqual(timeline.map((e) => e.seq), [...timeline.map((e) => e.seq)].sort((x, y) => x - y));
    assert.ok(timeline.some((e) => e.associationId === current.AssociationId && e.state === 'disassociated'));
  });

  it('answers an injected fault for the matching call only, as many times as asked', async () => {
    await sandbox.admin('POST', 'settings', {
      faults: { rules: [{ action: 'GetRole', match: { RoleName: 'flaky' }, count: 1, errorCode: 'ServiceFailure', status: 500, message: 'boom' }] },
    });
    await sandbox.iam.send(new iam.CreateRoleCommand({ RoleName: 'flaky', AssumeRolePolicyDocument: TRUST_POLICY }));
    const error = await expectError(() => sandbox.iam.send(new iam.GetRoleCommand({ RoleName: 'flaky' })));
    assert.deepEqual([error.code, error.status, error.message], ['ServiceFailure', 500, 'boom']);
    const { Role } = await sandbox.iam.send(new iam.GetRoleCommand({ RoleName: 'flaky' }));
    assert.equal(Role.RoleName, 'flaky');
  });

  it('throttles EC2 with RequestLimitExceeded (503) and IAM with Throttling (400)', async () => {
    await sandbox.admin('POST', 'settings', { faults: { throttleRate: 1 } });
    const ec2Error = await expectError(() => sandbox.ec2.send(new ec2.DescribeInstancesCommand({})));
    assert.deepEqual([ec2Error.code, ec2Error.status], ['RequestLimitExceeded', 503]);
    const iamError = await expectError(() => sandbox.iam.send(new iam.ListRolesCommand({})));
    assert.deepEqual([iamError.code, iamError.status, iamError.message], ['Throttling', 400, 'Rate exceeded']);
  });

  it('counts requests and mutations in the stats', async () => {
    await sandbox.iam.send(new iam.ListRolesCommand({}));
    await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'counted' }));
    const { body } = await sandbox.admin('GET', 'stats');
    assert.deepEqual([body.requests, body.mutations, body.byAction.ListRoles, body.byAction.CreateInstanceProfile], [2, 1, 1, 1]);
  });
});
