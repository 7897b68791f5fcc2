'use strict';
// The sandbox's EC2 side, as @aws-sdk/client-ec2 sees it.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const ec2 = require('@aws-sdk/client-ec2');
const iam = require('@aws-sdk/client-iam');
const { startSandbox, expectError } = require('./lib/sandbox');
const { profileWithRole, launch } = require('./lib/fixtures');

describe('EC2 over the ec2 protocol', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => { await sandbox.admin('POST', 'reset'); });

  const send = (command) => sandbox.ec2.send(command);
  const associationsOf = async (instanceId) => (await send(new ec2.DescribeIamInstanceProfileAssociationsCommand({
    Filters: [{ Name: 'instance-id', Values: [instanceId] }],
  }))).IamInstanceProfileAssociations;

  it('launches instances with AWS-shaped ids, and with a profile creates the association', async () => {
    const profile = await profileWithRole(sandbox, 'web');
    const { Instances, ReservationId } = await send(new ec2.RunInstancesCommand({
      ImageId: 'ami-12345678', MinCount: 2, MaxCount: 2, IamInstanceProfile: { Name: 'web' },
    }));
    assert.match(ReservationId, /^r-[0-9a-f]{17}$/);
    assert.equal(Instances.length, 2);
    for (const instance of Instances) {
      assert.match(instance.InstanceId, /^i-[0-9a-f]{17}$/);
      assert.equal(instance.State.Name, 'pending');
      assert.equal(instance.IamInstanceProfile.Arn, profile.Arn);
      const [association] = await associationsOf(instance.InstanceId);
      assert.match(association.AssociationId, /^iip-assoc-[0-9a-f]{17}$/);
      assert.equal(association.IamInstanceProfile.Id, profile.InstanceProfileId);
    }
    const described = await send(new ec2.DescribeInstancesCommand({ InstanceIds: [Instances[0].InstanceId] }));
    const instance = described.Reservations[0].Instances[0];
    assert.deepEqual([instance.State.Name, instance.State.Code, instance.IamInstanceProfile.Arn], ['running', 16, profile.Arn]);
  });

  it('associates by name or ARN and refuses a second association with IncorrectState', async () => {
    const profile = await profileWithRole(sandbox, 'web');
    const [a, b] = await launch(sandbox, 2);
    const byName = await send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'web' } }));
    assert.equal(byName.IamInstanceProfileAssociation.State, 'associating');
    const byArn = await send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: b, IamInstanceProfile: { Arn: profile.Arn } }));
    assert.equal(byArn.IamInstanceProfileAssociation.InstanceId, b);
    const error = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'web' } })));
    assert.deepEqual([error.code, error.status, error.message], ['IncorrectState', 400, `There is an existing association for instance ${a}`]);
  });

  it('answers InvalidParameterValue for an unknown profile, by name and by ARN', async () => {
    const [a] = await launch(sandbox, 1);
    const byName = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'ghost' } })));
    assert.deepEqual([byName.code, byName.status, byName.message],
      ['InvalidParameterValue', 400, 'Value (ghost) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name']);
    const arn = 'arn:aws:iam::123456789012:instance-profile/ghost';
    const byArn = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Arn: arn } })));
    assert.deepEqual([byArn.code, byArn.message], ['InvalidParameterValue', `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`]);
  });

  it('answers InvalidParameterValue for a profile without a role', async () => {
    await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'empty' }));
    const [a] = await launch(sandbox, 1);
    const error = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: a, IamInstanceProfile: { Name: 'empty' } })));
    assert.equal(error.code, 'InvalidParameterValue');
    assert.match(error.message, /has no associated IAM Roles$/);
  });

  it('tells malformed instance ids from unknown ones', async () => {
    const malformed = await expectError(() => send(new ec2.DescribeInstancesCommand({ InstanceIds: ['bogus'] })));
    assert.deepEqual([malformed.code, malformed.status, malformed.message], ['InvalidInstanceID.Malformed', 400, 'Invalid id: "bogus"']);
    const unknown = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: 'i-0000000aaaaaaaaaa', IamInstanceProfile: { Name: 'x' } })));
    assert.deepEqual([unknown.code, unknown.status, unknown.message], ['InvalidInstanceID.NotFound', 400, "The instance ID 'i-0000000aaaaaaaaaa' does not exist"]);
  });

  it('tells malformed association ids from unknown ones', async () => {
    const unknown = await expectError(() => send(new ec2.DisassociateIamInstanceProfileCommand({ AssociationId: 'iip-assoc-0000000000000000a' })));
    assert.deepEqual([unknown.code, unknown.status], ['InvalidAssociationID.NotFound', 400]);
    const malformed = await expectError(() => send(new ec2.ReplaceIamInstanceProfileAssociationCommand({ AssociationId: 'i-0123', IamInstanceProfile: { Name: 'x' } })));
    assert.deepEqual([malformed.code, malformed.message], ['InvalidParameterValue', 'Invalid value for associationId.']);
  });

  it('replaces with a new association id, associating, and retires the old one', async () => {
    await profileWithRole(sandbox, 'old');
    const target = await profileWithRole(sandbox, 'new');
    const [a] = await launch(sandbox, 1, 'old');
    const [before] = await associationsOf(a);
    const { IamInstanceProfileAssociation: replaced } = await send(new ec2.ReplaceIamInstanceProfileAssociationCommand({
      AssociationId: before.AssociationId, IamInstanceProfile: { Name: 'new' },
    }));
    assert.notEqual(replaced.AssociationId, before.AssociationId);
    assert.equal(replaced.State, 'associating');
    const after = await associationsOf(a);
    assert.deepEqual(after.map((x) => [x.AssociationId, x.IamInstanceProfile.Arn]), [[replaced.AssociationId, target.Arn]]);
  });

  it('refuses a replace on a stopped instance with IncorrectState', async () => {
    await profileWithRole(sandbox, 'p');
    const [a] = await launch(sandbox, 1, 'p');
    const [association] = await associationsOf(a);
    const stopped = await send(new ec2.StopInstancesCommand({ InstanceIds: [a] }));
    assert.equal(stopped.StoppingInstances[0].CurrentState.Name, 'stopping');
    const error = await expectError(() => send(new ec2.ReplaceIamInstanceProfileAssociationCommand({
      AssociationId: association.AssociationId, IamInstanceProfile: { Name: 'p' },
    })));
    assert.deepEqual([error.code, error.message], ['IncorrectState', `The association ${association.AssociationId} is not the active association`]);
    const started = await send(new ec2.StartInstancesCommand({ InstanceIds: [a] }));
    assert.equal(started.StartingInstances[0].CurrentState.Name, 'pending');
  });

  it('disassociates with the same id, disassociating, then lists it no more', async () => {
    await profileWithRole(sandbox, 'p');
    const [a] = await launch(sandbox, 1, 'p');
    const [association] = await associationsOf(a);
    const { IamInstanceProfileAssociation: gone } = await send(new ec2.DisassociateIamInstanceProfileCommand({ AssociationId: association.AssociationId }));
    assert.deepEqual([gone.AssociationId, gone.State], [association.AssociationId, 'disassociating']);
    assert.deepEqual(await associationsOf(a), []);
  });

  it('drops the association of a terminated instance', async () => {
    await profileWithRole(sandbox, 'p');
    const [a] = await launch(sandbox, 1, 'p');
    const { TerminatingInstances } = await send(new ec2.TerminateInstancesCommand({ InstanceIds: [a] }));
    assert.deepEqual([TerminatingInstances[0].CurrentState.Name, TerminatingInstances[0].PreviousState.Name], ['shutting-down', 'running']);
    assert.deepEqual(await associationsOf(a), []);
  });

  it('pages associations with NextToken and MaxResults, and filters by state', async () => {
    await profileWithRole(sandbox, 'p');
    const ids = await launch(sandbox, 12, 'p');
    const seen = [];
    for await (const page of ec2.paginateDescribeIamInstanceProfileAssociations({ client: sandbox.ec2, pageSize: 5 }, {})) {
      assert.ok(page.IamInstanceProfileAssociations.length <= 5);
      seen.push(...page.IamInstanceProfileAssociations.map((x) => x.InstanceId));
    }
    assert.deepEqual(seen, ids);
    const associated = await send(new ec2.DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'state', Values: ['associated'] }] }));
    assert.equal(associated.IamInstanceProfileAssociations.length, 12);
    const none = await send(new ec2.DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'state', Values: ['associating'] }] }));
    assert.equal(none.IamInstanceProfileAssociations.length, 0);
    const error = await expectError(() => send(new ec2.DescribeIamInstanceProfileAssociationsCommand({ MaxResults: 4 })));
    assert.deepEqual([error.code, error.status], ['InvalidParameterValue', 400]);
  });

  it('pages DescribeInstances and filters by state name', async () => {
    const ids = await launch(sandbox, 7);
    await send(new ec2.TerminateInstancesCommand({ InstanceIds: [ids[0]] }));
    const seen = [];
    for await (const page of ec2.paginateDescribeInstances({ client: sandbox.ec2, pageSize: 5 }, { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] })) {
      seen.push(...page.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)));
    }
    assert.deepEqual(seen, ids.slice(1));
  });
});
