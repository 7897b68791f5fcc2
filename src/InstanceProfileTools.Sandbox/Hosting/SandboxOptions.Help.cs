using System;
using System.Collections.Generic;
using System.Linq;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>The --help text, beside the options it describes.</summary>
    public sealed partial class SandboxOptions
    {
        /// <summary>The --help text.</summary>
        public static string HelpText()
        {
            var lines = new List<string>
            {
                "InstanceProfileTools.Sandbox: a local IAM + EC2 + STS endpoint for rehearsing instance-profile runbooks.",
                "",
                "Usage: dotnet run --project src/InstanceProfileTools.Sandbox -- [options]",
                "The first line on stdout is 'listening on http://127.0.0.1:<port>'. It binds to 127.0.0.1 only.",
                "Every option can also be set by the environment variable shown (the command line wins).",
                "",
                "Options:",
                Line("--port N", "port", "port on 127.0.0.1; 0 (default) picks a free one"),
                Line("--state FILE", "state", "keep state in FILE (JSON) across restarts; saved atomically after every change; a corrupt FILE is refused (exit 1)"),
                Line("--access-key KEY", "access-key", "access key accepted for SigV4 (default test)"),
                Line("--secret-key KEY", "secret-key", "its secret key (default test)"),
                Line("--credentials K:S[:ACCT],...", "credentials", "more access key:secret key pairs; a key acts in ACCT (12 digits), else in the default account"),
                Line("--account-id ID", "account-id", "the default account: of test/test and of keys given without one (default 123456789012)"),
                $"  {"--account ACCT=K:S",-30} another account and its key; repeatable (each account has its own IAM and EC2) [{AccountsEnvironment}, comma-separated]",
                Line("--regions R1,R2,...", "regions", "the enabled regions (default: the 17 that need no opt-in); others answer as AWS's disabled regions"),
                Line("--settings JSON|@FILE", "settings", "startup settings as JSON (shape of GET /_sandbox/settings), partial is fine"),
                Line("--verbose", "verbose", "log each request to stderr"),
                "  --help                         this text",
                "",
                "Settings knobs (startup values; change at run time with POST /_sandbox/settings):",
            };
            lines.AddRange(Knobs.Select(k => Line("--" + k.Option + " V", k.Option, $"{k.SettingPath}: {k.Description}")));
            lines.AddRange(new[]
            {
                "  faults.rules (JSON only): [{\"action\":\"ReplaceIamInstanceProfileAssociation\", \"match\":{\"IamInstanceProfile.Name\":\"x\"},",
                "      \"skip\":0, \"count\":1 (-1 forever), \"effect\":\"fail\"|\"failAfter\"|\"stuck\", \"errorCode\":\"...\", \"status\":400, \"message\":\"...\"}]",
                "      fail: answer the error instead; failAfter: do the call, then answer the error; stuck: the association",
                "      the call creates stays associating forever. Without errorCode: the service's throttling error.",
                "  faults.rateLimits \"aws\": EC2 buckets per action, account (of the access key) and region (of the SigV4 scope),",
                "      burst/refill per second: Describe* 100/20, DescribeInstances without filters, ids or paging 50/10",
                "      (override as DescribeInstances.Unfiltered), Associate/DisassociateIamInstanceProfile 100/5, Replace, Run,",
                "      Start, Stop, TerminateInstances 50/5, CreateLaunchTemplateVersion and ModifyLaunchTemplate 100/5, CreateTags",
                "      100/10, any other Describe* 100/20, any other action 50/5. Over a bucket: RequestLimitExceeded, 503. An object",
                "      {\"RunInstances\":{\"burst\":3,\"perSecond\":0.5}} changes the named buckets; a member left out keeps its aws value.",
                "  More than 200 values in one filter, or in an InstanceId/AssociationId list: FilterLimitExceeded, 400.",
                "  permissions (JSON only): {\"deny\":[{\"action\":\"iam:PassRole\"|\"sts:DecodeAuthorizationMessage\",",
                "      \"roles\":[name or ARN] (every role when absent), \"account\":\"12 digits\" (every account when absent)}]}.",
                "      A denied iam:PassRole: EC2 Associate/Replace/RunInstances answer UnauthorizedOperation, 403, with an encoded",
                "      message that STS DecodeAuthorizationMessage reads; IAM AddRoleToInstanceProfile answers AccessDenied, 403.",
                "",
                "Admin endpoint (JSON, unsigned, loopback only; a page of another site (Origin not loopback) gets 403,",
                "a POST body that is not Content-Type application/json 415, a body over 1 MiB 413):",
                "  GET  /_sandbox/health                      {\"status\":\"ok\", \"accounts\":[...], \"regions\":[...]} (accounts with keys, enabled regions)",
                "  POST /_sandbox/reset                       forget all state; settings back to startup values; stats zeroed",
                "  GET  /_sandbox/settings                    the settings in force",
                "  POST /_sandbox/settings                    merge a partial settings document; unknown names are refused (400)",
                "  GET  /_sandbox/timeline[?instanceId=&account=&region=]  every association state change: time, seq, account,",
                "                                             region, instanceId, associationId, state, instanceProfileArn, effectiveInstanceProfileArn",
                "  GET  /_sandbox/instances/ID/credentials[?account=&region=]  what the instance's metadata service would serve now:",
                "                                             Code, Type, AccessKeyId (fake ASIA...), LastUpdated, Expiration, RoleName,",
                "                                             InstanceProfileArn, AccountId, Region, Healthy; never a secret or token.",
                "                                             No profile: Code NoCredentials. Unknown instance: 404",
                "  GET  /_sandbox/instances/ID/latest/meta-data/iam/info, .../iam/security-credentials/[ROLE]  [?account=&region=]",
                "                                             IMDS's own documents: Success (with working credentials), AssumeRoleUnauthorizedAccess",
                "                                             (the trust policy leaves ec2.amazonaws.com out), InstanceProfileNotFound, no role; 404",
                "                                             without a profile",
                "  POST /_sandbox/instances/launch            {\"account\", \"region\", \"count\", \"instanceProfileName\"|\"instanceProfileArn\",",
                "                                             \"launchTemplateName\"|\"launchTemplateId\", \"version\", \"autoScalingGroup\", \"stack\"}: instances",
                "                                             with AWS's aws:autoscaling:/aws:cloudformation: tags; answers {\"instanceIds\":[...]}",
                "  GET  /_sandbox/stats                       {\"requests\":n, \"mutations\":n, \"byAction\":{...}, \"throttled\":n, \"throttledByAction\":{...}}",
                "  GET  /_sandbox/sessions[?account=]         the credentials AssumeRole and IMDS minted: accessKeyId, account, roleArn, roleName,",
                "                                             sessionName, assumedRoleArn, expiration, expired; never a secret or token",
                "  POST /_sandbox/sessions/expire             end the session of {\"accessKeyId\":\"ASIA...\"} now (404 if unknown), or all",
                "                                             of them without a body; answers {\"expired\": n}",
                "",
                "Services are told apart by the SigV4 credential scope (.../iam/, .../ec2/, .../sts/aws4_request); the scope's",
                "region picks the EC2 region (IAM is the same in every region); the access key picks the account.",
            });
            return string.Join(Environment.NewLine, lines);
        }

        private static string Line(string usage, string option, string description) =>
            $"  {usage,-30} {description} [{EnvironmentName(option)}]";
    }
}
