'use strict';
// What a role-change preflight reads (issue 21): launch templates, tags, trust policies, IMDS and PassRole
// refusals, as @aws-sdk/client-ec2, client-iam and client-sts see them.
const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const ec2 = require('@aws-sdk/client-ec2');
const iam = require('@aws-sdk/client-iam');
const sts = require('@aws-sdk/client-sts');
const { startSandbox, expectError } = require('./lib/sandbox');
const { profileWithRole, launch } = require('./lib/fixtures');

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const EC2_TRUST = LAMBDA_TRUST.replace('lambda.amazonaws.com', 'ec2.amazonaws.com');

describe('Preflight: templates, tags, trust and permissions', () => {
  let sandbox;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.stop(); });
  beforeEach(async () => { await sandbox.admin('POST', 'reset'); });

  const send = (command) => sandbox.ec2.send(command);
  const tagsOf = (instance) => Object.fromEntries((instance.Tags || []).map((t) => [t.Key, t.Value]));
  const idsOf = ({ Reservations }) => Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)).sort();
  const imds = async (instanceId, path) => {
    const response = await fetch(`${sandbox.url}/_sandbox/instances/${instanceId}/latest/meta-data/iam/${path}`);
    return { status: response.status, text: await response.text() };
  };

  it('creates a template, a version from a source, describes both and sets the default', async () => {
    await profileWithRole(sandbox, 'old');
    const newProfile = await profileWithRole(sandbox, 'new');
    const { LaunchTemplate } = await send(new ec2.CreateLaunchTemplateCommand({
      LaunchTemplateName: 'web',
      VersionDescription: 'first',
      LaunchTemplateData: { ImageId: 'ami-12345678', InstanceType: 't3.small', IamInstanceProfile: { Name: 'old' } },
      TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'blue' }] }],
    }));
    assert.match(LaunchTemplate.LaunchTemplateId, /^lt-[0-9a-f]{17}$/);
    assert.deepEqual([LaunchTemplate.DefaultVersionNumber, LaunchTemplate.LatestVersionNumber], [1, 1]);
    assert.ok(LaunchTemplate.CreateTime instanceof Date);
    assert.deepEqual(LaunchTemplate.Tags, [{ Key: 'team', Value: 'blue' }]);

    const { LaunchTemplateVersion } = await send(new ec2.CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: LaunchTemplate.LaunchTemplateId, SourceVersion: '1',
      LaunchTemplateData: { IamInstanceProfile: { Arn: newProfile.Arn } },
    }));
    assert.deepEqual([LaunchTemplateVersion.VersionNumber, LaunchTemplateVersion.DefaultVersion], [2, false]);
    assert.deepEqual(LaunchTemplateVersion.LaunchTemplateData, {
      ImageId: 'ami-12345678', InstanceType: 't3.small', IamInstanceProfile: { Arn: newProfile.Arn },
    });

    const { LaunchTemplateVersions } = await send(new ec2.DescribeLaunchTemplateVersionsCommand({
      LaunchTemplateName: 'web', Versions: ['$Default', '$Latest'],
    }));
    assert.deepEqual(LaunchTemplateVersions.map((v) => [v.VersionNumber, v.DefaultVersion, v.LaunchTemplateData.IamInstanceProfile]),
      [[1, true, { Name: 'old' }], [2, false, { Arn: newProfile.Arn }]]);
    assert.equal(LaunchTemplateVersions[0].VersionDescription, 'first');

    const modified = await send(new ec2.ModifyLaunchTemplateCommand({ LaunchTemplateName: 'web', DefaultVersion: '2' }));
    assert.equal(modified.LaunchTemplate.DefaultVersionNumber, 2);
    const { LaunchTemplates } = await send(new ec2.DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [LaunchTemplate.LaunchTemplateId] }));
    assert.deepEqual(LaunchTemplates.map((t) => [t.LaunchTemplateName, t.DefaultVersionNumber, t.LatestVersionNumber]), [['web', 2, 2]]);
  });

  it('answers the launch template errors in EC2\'s codes', async () => {
    const data = { ImageId: 'ami-12345678' };
    const { LaunchTemplate } = await send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: data }));
    const taken = await expectError(() => send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: data })));
    assert.deepEqual([taken.code, taken.status, taken.message], ['InvalidLaunchTemplateName.AlreadyExistsException', 400, 'Launch template name already in use.']);
    const byName = await expectError(() => send(new ec2.DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['ghost'] })));
    assert.equal(byName.code, 'InvalidLaunchTemplateName.NotFoundException');
    const byId = await expectError(() => send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0123456789abcdef0' })));
    assert.equal(byId.code, 'InvalidLaunchTemplateId.NotFound');
    const version = await expectError(() => send(new ec2.ModifyLaunchTemplateCommand({ LaunchTemplateId: LaunchTemplate.LaunchTemplateId, DefaultVersion: '5' })));
    assert.deepEqual([version.code, version.message],
      ['InvalidLaunchTemplateId.VersionNotFound', `Could not find the specified version 5 for the launch template with ID ${LaunchTemplate.LaunchTemplateId}.`]);
  });

  it('launches from a template with its profile and AWS\'s tags, and finds the instances by tag and profile', async () => {
    const profile = await profileWithRole(sandbox, 'web');
    const { LaunchTemplate } = await send(new ec2.CreateLaunchTemplateCommand({
      LaunchTemplateName: 'web',
      LaunchTemplateData: {
        ImageId: 'ami-12345678', IamInstanceProfile: { Name: 'web' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'app', Value: 'web' }] }],
      },
    }));
    const { Instances } = await send(new ec2.RunInstancesCommand({
      MinCount: 2, MaxCount: 2, LaunchTemplate: { LaunchTemplateId: LaunchTemplate.LaunchTemplateId, Version: '$Latest' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web-node' }] }],
    }));
    const [bare] = await launch(sandbox, 1);
    assert.equal(Instances[0].IamInstanceProfile.Arn, profile.Arn);
    assert.deepEqual(tagsOf(Instances[0]), {
      app: 'web', Name: 'web-node', 'aws:ec2launchtemplate:id': LaunchTemplate.LaunchTemplateId, 'aws:ec2launchtemplate:version': '1',
    });

    const fromTemplate = Instances.map((i) => i.InstanceId).sort();
    assert.deepEqual(idsOf(await send(new ec2.DescribeInstancesCommand({
      Filters: [{ Name: 'tag:aws:ec2launchtemplate:id', Values: [LaunchTemplate.LaunchTemplateId] }],
    }))), fromTemplate);
    assert.deepEqual(idsOf(await send(new ec2.DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['Na*'] }] }))), fromTemplate);
    assert.deepEqual(idsOf(await send(new ec2.DescribeInstancesCommand({
      Filters: [{ Name: 'iam-instance-profile.arn', Values: [profile.Arn] }],
    }))), fromTemplate);
    assert.deepEqual(idsOf(await send(new ec2.DescribeInstancesCommand({}))), [...fromTemplate, bare].sort());
    await send(new ec2.CreateTagsCommand({ Resources: [bare], Tags: [{ Key: 'Name', Value: 'odd' }] }));
    const reserved = await expectError(() => send(new ec2.CreateTagsCommand({ Resources: [bare], Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'x' }] })));
    assert.deepEqual([reserved.code, reserved.status], ['InvalidParameterValue', 400]);
    assert.equal(idsOf(await send(new ec2.DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['odd'] }] })))[0], bare);
  });

  it('shows IMDS refusing an untrusted role until UpdateAssumeRolePolicy, then credentials that work', async () => {
    await sandbox.iam.send(new iam.CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: LAMBDA_TRUST }));
    await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'app' }));
    await sandbox.iam.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app', RoleName: 'app-role' }));
    const [instance] = await launch(sandbox, 1, 'app');
    assert.equal(JSON.parse((await imds(instance, 'info')).text).Code, 'Success');
    assert.equal((await imds(instance, 'security-credentials/')).text, 'app-role');
    const refused = await imds(instance, 'security-credentials/app-role');
    assert.deepEqual([refused.status, JSON.parse(refused.text).Code], [200, 'AssumeRoleUnauthorizedAccess']);

    await sandbox.iam.send(new iam.UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: EC2_TRUST }));
    const { Role } = await sandbox.iam.send(new iam.GetRoleCommand({ RoleName: 'app-role' }));
    assert.equal(decodeURIComponent(Role.AssumeRolePolicyDocument), EC2_TRUST);
    const served = JSON.parse((await imds(instance, 'security-credentials/app-role')).text);
    assert.deepEqual([served.Code, served.Type], ['Success', 'AWS-HMAC']);
    const asInstance = sandbox.stsWith({ credentials: { accessKeyId: served.AccessKeyId, secretAccessKey: served.SecretAccessKey, sessionToken: served.Token } });
    const identity = await asInstance.send(new sts.GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:sts::123456789012:assumed-role/app-role/${instance}`);
    const malformed = await expectError(() => sandbox.iam.send(new iam.UpdateAssumeRolePolicyCommand({ RoleName: 'app-role', PolicyDocument: 'nope' })));
    assert.deepEqual([malformed.code, malformed.status], ['MalformedPolicyDocument', 400]);
  });

  it('refuses a denied iam:PassRole and decodes the encoded message through STS', async () => {
    await profileWithRole(sandbox, 'web');
    const [instance] = await launch(sandbox, 1);
    const { status } = await sandbox.admin('POST', 'settings', { permissions: { deny: [{ action: 'iam:PassRole', roles: ['web-role'] }] } });
    assert.equal(status, 200);

    const refused = await expectError(() => send(new ec2.AssociateIamInstanceProfileCommand({ InstanceId: instance, IamInstanceProfile: { Name: 'web' } })));
    assert.deepEqual([refused.code, refused.status], ['UnauthorizedOperation', 403]);
    const prefix = 'You are not authorized to perform this operation. Encoded authorization failure message: ';
    assert.ok(refused.message.startsWith(prefix), refused.message);
    const encoded = refused.message.slice(prefix.length);

    const { DecodedMessage } = await sandbox.sts.send(new sts.DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const decoded = JSON.parse(DecodedMessage);
    assert.deepEqual([decoded.allowed, decoded.explicitDeny, decoded.context.action, decoded.context.resource],
      [false, false, 'iam:PassRole', 'arn:aws:iam::123456789012:role/web-role']);
    assert.equal(decoded.context.principal.arn, 'arn:aws:iam::123456789012:user/sandbox');

    const tampered = await expectError(() => sandbox.sts.send(new sts.DecodeAuthorizationMessageCommand({ EncodedMessage: (encoded[0] === 'A' ? 'B' : 'A') + encoded.slice(1) })));
    assert.deepEqual([tampered.code, tampered.status], ['InvalidAuthorizationMessageException', 400]);
    await sandbox.iam.send(new iam.CreateInstanceProfileCommand({ InstanceProfileName: 'empty' }));
    const passRole = await expectError(() => sandbox.iam.send(new iam.AddRoleToInstanceProfileCommand({ InstanceProfileName: 'empty', RoleName: 'web-role' })));
    assert.deepEqual([passRole.code, passRole.status], ['AccessDenied', 403]);
    assert.match(passRole.message, /is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role\/web-role because no identity-based policy allows the iam:PassRole action$/);
  });

  it('launches an Auto Scaling group\'s instances through the admin endpoint, found by their group tag', async () => {
    const { status, body } = await sandbox.admin('POST', 'instances/launch', { count: 3, autoScalingGroup: 'web-asg', stack: { name: 'web' } });
    assert.equal(status, 200);
    const found = await send(new ec2.DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: ['web-asg'] }] }));
    assert.deepEqual(idsOf(found), [...body.instanceIds].sort());
    assert.equal(tagsOf(found.Reservations[0].Instances[0])['aws:cloudformation:stack-name'], 'web');
  });
});
