'use strict';
// STS, accounts and regions as @aws-sdk/client-sts, client-iam and client-ec2 see them.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const sts = require('@aws-sdk/client-sts');
const iam = require('@aws-sdk/client-iam');
const ec2 = require('@aws-sdk/client-ec2');
const { startSandbox, expectError } = require('./lib/sandbox');
const { launch, profileWithRole } = require('./lib/fixtures');

const HOME = '123456789012';
const OTHER = '210987654321';
const OTHER_KEYS = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'other-secret' };
const ROLE_ARN = `arn:aws:iam::${OTHER}:role/deploy`;

describe('STS, accounts and regions', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(['--account', `${OTHER}=AKIDOTHER:other-secret`]); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => {
    await sandbox.admin('POST', 'reset');
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${HOME}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'rehearsal' } },
      }],
    });
    await sandbox.iamWith({ credentials: OTHER_KEYS }).send(new iam.CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: trust }));
  });

  const assumeRole = async (extra = {}) => (await sandbox.sts.send(new sts.AssumeRoleCommand({
    RoleArn: ROLE_ARN, RoleSessionName: 'conformance', ExternalId: 'rehearsal', ...extra,
  })));
  const asMinted = ({ Credentials }) => ({
    accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken,
  });

  it('answers GetCallerIdentity with the user of a long-term key', async () => {
    const identity = await sandbox.sts.send(new sts.GetCallerIdentityCommand({}));
    assert.equal(identity.Account, HOME);
    assert.equal(identity.Arn, `arn:aws:iam::${HOME}:user/sandbox`);
    assert.match(identity.UserId, /^AIDA[A-Z0-9]{17}$/);
  });

  it('assumes a role of another account and answers the credentials and the assumed-role user', async () => {
    const before = Date.now();
    const { Credentials, AssumedRoleUser } = await assumeRole({ DurationSeconds: 900 });
    assert.match(Credentials.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.ok(Credentials.SecretAccessKey.length >= 40);
    assert.ok(Credentials.SessionToken.length > 100);
    assert.ok(Credentials.Expiration instanceof Date);
    const lifetime = Credentials.Expiration.getTime() - before;
    assert.ok(lifetime > 880000 && lifetime <= 900000, `lifetime ${lifetime} ms`);
    assert.equal(AssumedRoleUser.Arn, `arn:aws:sts::${OTHER}:assumed-role/deploy/conformance`);
    assert.match(AssumedRoleUser.AssumedRoleId, /^AROA[A-Z0-9]{17}:conformance$/);
  });

  it('acts in the role\'s account with the minted credentials, from IAM, EC2 and STS clients', async () => {
    const credentials = asMinted(await assumeRole());
    const identity = await sandbox.stsWith({ credentials }).send(new sts.GetCallerIdentityCommand({}));
    assert.deepEqual([identity.Account, identity.Arn], [OTHER, `arn:aws:sts::${OTHER}:assumed-role/deploy/conformance`]);
    const { Roles } = await sandbox.iamWith({ credentials }).send(new iam.ListRolesCommand({}));
    assert.deepEqual(Roles.map((r) => r.Arn), [ROLE_ARN]);
    const minted = sandbox.ec2With({ credentials });
    const { Instances, OwnerId } = await minted.send(new ec2.RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 }));
    assert.equal(OwnerId, OTHER);
    const owner = await sandbox.ec2With({ credentials: OTHER_KEYS }).send(new ec2.DescribeInstancesCommand({}));
    assert.deepEqual(owner.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)), [Instances[0].InstanceId]);
    const home = await sandbox.ec2.send(new ec2.DescribeInstancesCommand({}));
    assert.deepEqual(home.Reservations, []);
  });

  it('refuses a caller the trust policy leaves out with AccessDenied in STS\'s words', async () => {
    const error = await expectError(() => assumeRole({ ExternalId: 'guess' }));
    assert.deepEqual([error.code, error.status], ['AccessDenied', 403]);
    assert.equal(error.message, `User: arn:aws:iam::${HOME}:user/sandbox is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`);
    const tooLong = await expectError(() => assumeRole({ DurationSeconds: 7200 }));
    assert.deepEqual([tooLong.code, tooLong.status, tooLong.message],
      ['ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.']);
  });

  it('answers ExpiredToken (IAM, STS) and RequestExpired (EC2) once the admin endpoint expires the session', async () => {
    const credentials = asMinted(await assumeRole());
    const { body } = await sandbox.admin('POST', 'sessions/expire', { accessKeyId: credentials.accessKeyId });
    assert.equal(body.expired, 1);
    const iamError = await expectError(() => sandbox.iamWith({ credentials }).send(new iam.ListRolesCommand({})));
    assert.deepEqual([iamError.code, iamError.status], ['ExpiredToken', 403]);
    const stsError = await expectError(() => sandbox.stsWith({ credentials }).send(new sts.GetCallerIdentityCommand({})));
    assert.deepEqual([stsError.code, stsError.status], ['ExpiredToken', 403]);
    const ec2Error = await expectError(() => sandbox.ec2With({ credentials }).send(new ec2.DescribeInstancesCommand({})));
    assert.deepEqual([ec2Error.code, ec2Error.status], ['RequestExpired', 400]);
    const { body: sessions } = await sandbox.admin('GET', 'sessions');
    assert.deepEqual(sessions.map((s) => [s.accessKeyId, s.expired]), [[credentials.accessKeyId, true]]);
    assert.ok(!JSON.stringify(sessions).includes(credentials.secretAccessKey));
  });

  it('describes the enabled regions, and every region with AllRegions', async () => {
    const { Regions } = await sandbox.ec2.send(new ec2.DescribeRegionsCommand({}));
    assert.equal(Regions.length, 17);
    assert.ok(Regions.every((r) => r.OptInStatus === 'opt-in-not-required'));
    assert.deepEqual(Regions.find((r) => r.RegionName === 'eu-west-1'), {
      RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required',
    });
    const all = await sandbox.ec2.send(new ec2.DescribeRegionsCommand({ AllRegions: true }));
    assert.equal(all.Regions.length, 34);
    assert.equal(all.Regions.find((r) => r.RegionName === 'me-south-1').OptInStatus, 'not-opted-in');
  });

  it('keeps instances in their region while IAM is the same from every region', async () => {
    await profileWithRole(sandbox, 'web');
    const ireland = sandbox.ec2With({ region: 'eu-west-1' });
    const { Instances } = await ireland.send(new ec2.RunInstancesCommand({
      ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, IamInstanceProfile: { Name: 'web' },
    }));
    assert.equal(Instances[0].Placement.AvailabilityZone, 'eu-west-1a');
    const inVirginia = await sandbox.ec2.send(new ec2.DescribeInstancesCommand({}));
    assert.deepEqual(inVirginia.Reservations, []);
    const [local] = await launch(sandbox, 1);
    const inIreland = await ireland.send(new ec2.DescribeInstancesCommand({}));
    assert.deepEqual(inIreland.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)), [Instances[0].InstanceId]);
    assert.notEqual(local, Instances[0].InstanceId);
    const { Role } = await sandbox.iamWith({ region: 'eu-west-1' }).send(new iam.GetRoleCommand({ RoleName: 'web-role' }));
    assert.equal(Role.Arn, `arn:aws:iam::${HOME}:role/web-role`);
    const { body: timeline } = await sandbox.admin('GET', 'timeline?region=eu-west-1');
    assert.deepEqual([...new Set(timeline.map((e) => `${e.account} ${e.region} ${e.instanceId}`))], [`${HOME} eu-west-1 ${Instances[0].InstanceId}`]);
    const { body: elsewhere } = await sandbox.admin('GET', `timeline?region=us-east-1&account=${HOME}`);
    assert.deepEqual(elsewhere, []);
  });

  it('answers a region that is not enabled as AWS does: AuthFailure from EC2, InvalidClientTokenId from STS', async () => {
    const ec2Error = await expectError(() => sandbox.ec2With({ region: 'af-south-1' }).send(new ec2.DescribeInstancesCommand({})));
    assert.deepEqual([ec2Error.code, ec2Error.status, ec2Error.message],
      ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials']);
    const stsError = await expectError(() => sandbox.stsWith({ region: 'af-south-1' }).send(new sts.GetCallerIdentityCommand({})));
    assert.deepEqual([stsError.code, stsError.status], ['InvalidClientTokenId', 403]);
  });
});
