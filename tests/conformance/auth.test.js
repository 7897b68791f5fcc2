'use strict';
// SigV4 as the sandbox checks it, and requests that are not AWS calls at all.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const iam = require('@aws-sdk/client-iam');
const ec2 = require('@aws-sdk/client-ec2');
const { startSandbox, expectError } = require('./lib/sandbox');

describe('SigV4 and malformed requests', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(['--credentials', 'AKIDSECOND:second-secret']); });
  after(async () => { await sandbox.stop(); });

  it('accepts every configured key, with or without a session token', async () => {
    const second = sandbox.iamWith({ credentials: { accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret', sessionToken: 'token' } });
    const { $metadata } = await second.send(new iam.ListRolesCommand({}));
    assert.equal($metadata.httpStatusCode, 200);
  });

  it('answers a wrong secret with SignatureDoesNotMatch (IAM, 403) and AuthFailure (EC2, 401)', async () => {
    const credentials = { accessKeyId: 'test', secretAccessKey: 'wrong' };
    const iamError = await expectError(() => sandbox.iamWith({ credentials }).send(new iam.ListRolesCommand({})));
    assert.deepEqual([iamError.code, iamError.status], ['SignatureDoesNotMatch', 403]);
    const ec2Error = await expectError(() => sandbox.ec2With({ credentials }).send(new ec2.DescribeInstancesCommand({})));
    assert.deepEqual([ec2Error.code, ec2Error.status], ['AuthFailure', 401]);
  });

  it('answers an unknown key with InvalidClientTokenId (IAM, 403) and AuthFailure (EC2, 401)', async () => {
    const credentials = { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'test' };
    const iamError = await expectError(() => sandbox.iamWith({ credentials }).send(new iam.ListRolesCommand({})));
    assert.deepEqual([iamError.code, iamError.status], ['InvalidClientTokenId', 403]);
    const ec2Error = await expectError(() => sandbox.ec2With({ credentials }).send(new ec2.DescribeInstancesCommand({})));
    assert.deepEqual([ec2Error.code, ec2Error.status], ['AuthFailure', 401]);
  });

  it('answers an unsigned IAM call with MissingAuthenticationToken (403) in IAM XML', async () => {
    const response = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListRoles&Version=2010-05-08',
    });
    assert.equal(response.status, 403);
    const text = await response.text();
    assert.match(text, /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
  });

  it('answers an unsigned EC2 call with AuthFailure (401) in EC2 XML', async () => {
    const response = await fetch(`${sandbox.url}/?Action=DescribeInstances&Version=2016-11-15`);
    assert.equal(response.status, 401);
    assert.match(await response.text(), /<Response><Errors><Error><Code>AuthFailure<\/Code>/);
  });

  it('answers garbage with an AWS-shaped error, not a stack trace', async () => {
    const response = await fetch(sandbox.url, { method: 'POST', body: '%%%\u0000' });
    const text = await response.text();
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    assert.match(text, /<Code>[A-Za-z.]+<\/Code>/);
    assert.doesNotMatch(text, /Exception|at InstanceProfileTools/);
  });
});
