'use strict';
// Small builders shared by the EC2 and consistency tests.
const iam = require('@aws-sdk/client-iam');
const ec2 = require('@aws-sdk/client-ec2');
const { TRUST_POLICY } = require('./sandbox');

// A role and a profile named `name` holding it; answers the profile.
async function profileWithRole(sandbox, name) {
  await sandbox.iam.send(new iam.CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: TRUST_POLICY }));
  const { InstanceProfile } = await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: name }));
  await sandbox.iam.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: `${name}-role` }));
  return InstanceProfile;
}

// Launches `count` instances (optionally with a profile); answers their ids.
async function launch(sandbox, count, profileName) {
  const { Instances } = await sandbox.ec2.send(new ec2.RunInstancesCommand({
    ImageId: 'ami-12345678',
    MinCount: count,
    MaxCount: count,
    IamInstanceProfile: profileName ? { Name: profileName } : undefined,
  }));
  return Instances.map((i) => i.InstanceId);
}

// Polls `probe` until it answers a truthy value or the deadline passes.
async function eventually(probe, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

module.exports = { profileWithRole, launch, eventually };
