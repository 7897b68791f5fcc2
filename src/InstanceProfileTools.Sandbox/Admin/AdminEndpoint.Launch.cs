using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using InstanceProfileTools.Sandbox.Ec2;
using InstanceProfileTools.Sandbox.Identity;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace InstanceProfileTools.Sandbox.Admin
{
    /// <summary>POST instances/launch: instances of an Auto Scaling group or a stack, with AWS's own tags (see <see cref="ServiceLaunch"/>).</summary>
    public sealed partial class AdminEndpoint
    {
        /// <summary>
        /// Launches as the service would, in the account's EC2 in the region, and answers {"instanceIds": [...],
        /// "account", "region"}; 400 {"error", "code"} for a body it cannot read or what EC2 refuses (an unknown
        /// template, profile or version), in EC2's code and words.
        /// </summary>
        private async Task LaunchAsync(HttpContext context, string body)
        {
            ServiceLaunch launch;
            try
            {
                launch = ServiceLaunch.Parse(body, _accountIds, _store.Regions);
            }
            catch (InvalidDataException ex)
            {
                await WriteAsync(context, 400, new { error = ex.Message });
                return;
            }

            List<string> instanceIds;
            try
            {
                lock (_store.Sync)
                {
                    var request = new AwsRequest(ServiceKind.Ec2, "RunInstances", launch.Parameters, IdGenerator.RequestId())
                    {
                        AccountId = launch.AccountId,
                        Region = launch.Region,
                        Caller = CallerIdentity.User(launch.AccountId),
                    };
                    instanceIds = new Ec2Service(_store, launch.AccountId, launch.Region).LaunchAsService(request, launch.ServiceTags);
                    _store.NotifyChanged();
                }
            }
            catch (AwsServiceException ex)
            {
                await WriteAsync(context, 400, new { error = $"{ex.Code}: {ex.Message}", code = ex.Code });
                return;
            }

            await WriteAsync(context, 200, new { instanceIds, account = launch.AccountId, region = launch.Region });
        }
    }
}
