'use strict';
// EC2's request limits and filter limits (EVIDENCE rows 22 and 23), as @aws-sdk/client-ec2 sees them.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const ec2 = require('@aws-sdk/client-ec2');
const { startSandbox, expectError } = require('./lib/sandbox');
const { profileWithRole, launch } = require('./lib/fixtures');

// A refill of one token per 1,000 s: no token comes back during the test, whatever the machine's speed.
const SLOW = { burst: 5, perSecond: 0.001 };

describe('EC2 request and filter limits', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(['--rate-limits', 'aws']); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => { await sandbox.admin('POST', 'reset'); });

  it('starts with the aws table and takes an override object merged over it', async () => {
    assert.equal((await sandbox.admin('GET', 'settings')).body.faults.rateLimits, 'aws');
    const changed = await sandbox.admin('POST', 'settings', { faults: { rateLimits: { DescribeIamInstanceProfileAssociations: SLOW } } });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.faults.rateLimits, { DescribeIamInstanceProfileAssociations: SLOW });
    const refused = await sandbox.admin('POST', 'settings', { faults: { rateLimits: { DescribeRoles: SLOW } } });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error, /faults\.rateLimits\.DescribeRoles/);
  });

  it('answers RequestLimitExceeded (503) over an action\'s bucket, leaving other actions alone, and counts it', async () => {
    await sandbox.admin('POST', 'settings', { faults: { rateLimits: { DescribeIamInstanceProfileAssociations: SLOW } } });
    const describe = () => sandbox.ec2.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({}));
    for (let i = 0; i < SLOW.burst; i++) await describe();

    const error = await expectError(describe);
    assert.deepEqual([error.code, error.status, error.message], ['RequestLimitExceeded', 503, 'Request limit exceeded.']);
    await sandbox.ec2.send(new ec2.DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));

    const { body: stats } = await sandbox.admin('GET', 'stats');
    assert.equal(stats.throttled, 1);
    assert.equal(stats.throttledByAction.DescribeIamInstanceProfileAssociations, 1);
    assert.equal(stats.throttledByAction.DescribeInstances, 0);
    assert.equal(stats.byAction.DescribeIamInstanceProfileAssociations, SLOW.burst + 1);
  });

  it('keeps a bucket per access key account and per region', async () => {
    await sandbox.admin('POST', 'settings', { faults: { rateLimits: { DescribeIamInstanceProfileAssociations: SLOW } } });
    const call = (client) => client.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({}));
    for (let i = 0; i < SLOW.burst; i++) await call(sandbox.ec2);
    assert.equal((await expectError(() => call(sandbox.ec2))).code, 'RequestLimitExceeded');

    const otherRegion = sandbox.ec2With({ region: 'eu-west-1' });
    for (let i = 0; i < SLOW.burst; i++) await call(otherRegion);
    assert.equal((await expectError(() => call(otherRegion))).code, 'RequestLimitExceeded');
  });

  it('answers FilterLimitExceeded for 201 filter values or ids, and serves 200', async () => {
    await profileWithRole(sandbox, 'web');
    const fleet = await launch(sandbox, 200, 'web');
    const extra = 'i-0123456789abcdef0';

    const batch = await sandbox.ec2.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'instance-id', Values: fleet }],
    }));
    assert.equal(batch.IamInstanceProfileAssociations.length, 200);
    const described = await sandbox.ec2.send(new ec2.DescribeInstancesCommand({ InstanceIds: fleet }));
    assert.equal(described.Reservations.flatMap((r) => r.Instances).length, 200);

    const message = 'The maximum number of filter values specified on a single call is 200';
    const byFilter = await expectError(() => sandbox.ec2.send(new ec2.DescribeIamInstanceProfileAssociationsCommand({
      Filters: [{ Name: 'instance-id', Values: [...fleet, extra] }],
    })));
    assert.deepEqual([byFilter.code, byFilter.status, byFilter.message], ['FilterLimitExceeded', 400, message]);
    const byIds = await expectError(() => sandbox.ec2.send(new ec2.DescribeInstancesCommand({ InstanceIds: [...fleet, extra] })));
    assert.deepEqual([byIds.code, byIds.status, byIds.message], ['FilterLimitExceeded', 400, message]);
  });
});
