using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using InstanceProfileTools.Sandbox.Iam;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.Sts;
using Microsoft.AspNetCore.WebUtilities;

namespace InstanceProfileTools.Sandbox.Hosting
{
    /// <summary>Reads what an AWS request carries: its parameters, its service and its session token.</summary>
    public static class AwsRequestReader
    {
        /// <summary>EC2's API version.</summary>
        public const string Ec2ApiVersion = "2016-11-15";

        /// <summary>
        /// The service from the credential scope (iam, ec2, sts); unsigned requests are told apart by Version, then
        /// by action.
        /// </summary>
        public static ServiceKind ChooseService(string? scopeService, IReadOnlyDictionary<string, string> parameters, string action)
        {
            switch (scopeService)
            {
                case "iam":
                    return ServiceKind.Iam;
                case "ec2":
                    return ServiceKind.Ec2;
                case "sts":
                    return ServiceKind.Sts;
            }

            return parameters.GetValueOrDefault("Version") switch
            {
                IamService.ApiVersion => ServiceKind.Iam,
                StsService.ApiVersion => ServiceKind.Sts,
                Ec2ApiVersion => ServiceKind.Ec2,
                _ => IamService.Actions.Contains(action) ? ServiceKind.Iam : StsService.Actions.Contains(action) ? ServiceKind.Sts : ServiceKind.Ec2,
            };
        }

        /// <summary>The API version a query service (IAM, STS) finds its operations under; null for EC2, which checks none.</summary>
        public static string? QueryApiVersion(ServiceKind service) => service switch
        {
            ServiceKind.Iam => IamService.ApiVersion,
            ServiceKind.Sts => StsService.ApiVersion,
            _ => null,
        };

        /// <summary>
        /// Query-string parameters, then form-encoded body parameters (the body wins). A name given twice keeps its
        /// first value, as AWS's query services do, rather than the values joined with commas.
        /// </summary>
        public static Dictionary<string, string> ReadParameters(string rawQuery, byte[] body)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in QueryHelpers.ParseQuery(rawQuery))
            {
                parameters[pair.Key] = pair.Value[0] ?? "";
            }

            if (body.Length > 0)
            {
                foreach (var pair in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
                {
                    parameters[pair.Key] = pair.Value[0] ?? "";
                }
            }

            return parameters;
        }

        /// <summary>The session token: the X-Amz-Security-Token header, else the query parameter of that name; null when neither.</summary>
        public static string? SessionToken(IReadOnlyDictionary<string, string> headers, string rawQuery)
        {
            if (headers.TryGetValue("x-amz-security-token", out string? header))
            {
                return header;
            }

            return QueryHelpers.ParseQuery(rawQuery).TryGetValue("X-Amz-Security-Token", out var values) ? values[0] : null;
        }
    }
}
