using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using InstanceProfileTools.Sandbox.Protocol;
using InstanceProfileTools.Sandbox.State;

namespace InstanceProfileTools.Sandbox.Ec2
{
    /// <summary>CreateLaunchTemplateVersion and DescribeLaunchTemplateVersions (botocore's ec2 model).</summary>
    public sealed partial class Ec2Service
    {
        private const string LatestVersion = "$Latest";
        private const string DefaultVersion = "$Default";

        /// <summary>
        /// A new version, one more than the latest. With SourceVersion it is the source's data with the given data on
        /// top (the API reference: "the new version inherits the launch parameters from the source version"), and
        /// the data may then be left out; without, the data is the version's whole.
        /// </summary>
        private IEnumerable<XElement> CreateLaunchTemplateVersion(AwsRequest request)
        {
            LaunchTemplateEntity template = LaunchTemplateOf(request);
            string? token = request.Get("ClientToken");
            if (token is { Length: > 128 })
            {
                throw Ec2Errors.InvalidValue($"Value ({token}) for parameter clientToken is invalid. Length must be 128 characters or fewer.");
            }

            // Idempotent by ClientToken, as the API reference says of it: a resend after a lost reply answers the
            // version the first request made, not a second one.
            if (token is not null && template.Versions.FirstOrDefault(v => v.ClientToken == token) is { } made)
            {
                yield return LaunchTemplateXml.Version(template, made);
                yield break;
            }

            LaunchTemplateDataEntity? given = LaunchTemplateDataReader.IsGiven(request) ? LaunchTemplateDataReader.Read(request) : null;
            LaunchTemplateDataEntity? data = request.Get("SourceVersion") is string source
                ? FindVersion(template, source).Data.MergedWith(given ?? new LaunchTemplateDataEntity())
                : given;
            LaunchTemplateVersionEntity version = NewVersion(request, template.LatestVersionNumber + 1, data);
            version.ClientToken = token;
            template.Versions.Add(version);
            yield return LaunchTemplateXml.Version(template, version);
        }

        /// <summary>
        /// The versions of one template (LaunchTemplateId or LaunchTemplateName), all of them or those LaunchTemplateVersion.N
        /// names (numbers, $Latest, $Default), within MinVersion and MaxVersion; without a template, the $Latest and
        /// $Default versions of every template of the region. Filters: iam-instance-profile (an ARN or name),
        /// image-id, instance-type, is-default-version.
        /// </summary>
        private IEnumerable<XElement> DescribeLaunchTemplateVersions(AwsRequest request)
        {
            List<string> versions = WithinFilterLimit(request.GetList("LaunchTemplateVersion"));
            int pageSize = PageSize(request, 200);
            Dictionary<string, HashSet<string>> filters = Filters(request, "iam-instance-profile", "image-id", "instance-type", "is-default-version");
            long min = VersionBound(request, "MinVersion") ?? 1;
            long max = VersionBound(request, "MaxVersion") ?? long.MaxValue;
            bool oneTemplate = request.Get("LaunchTemplateId") != null || request.Get("LaunchTemplateName") != null;
            if (!oneTemplate && (versions.Count == 0 || versions.Any(v => v != LatestVersion && v != DefaultVersion)))
            {
                throw Ec2Errors.Missing("LaunchTemplateName or LaunchTemplateId");
            }

            IEnumerable<LaunchTemplateEntity> templates = oneTemplate ? new[] { LaunchTemplateOf(request) } : State.LaunchTemplates.Values;
            IEnumerable<(LaunchTemplateEntity Template, LaunchTemplateVersionEntity Version)> chosen = templates
                .SelectMany(t => (versions.Count == 0 ? t.Versions : versions.Select(v => FindVersion(t, v)).Distinct()).Select(v => (Template: t, Version: v)))
                .Where(p => p.Version.VersionNumber >= min && p.Version.VersionNumber <= max && PassesFilters(filters, p.Template, p.Version))
                .OrderBy(p => p.Template.Sequence)
                .ThenBy(p => p.Version.VersionNumber);
            var (items, next) = Paging.Page(chosen, p => SequenceKey(p.Template.Sequence) + ":" + SequenceKey(p.Version.VersionNumber), request.Get("NextToken"), pageSize, InvalidNextToken);
            yield return Ec2Xml.Items("launchTemplateVersionSet", items.Select(p => LaunchTemplateXml.Version(p.Template, p.Version)));
            if (next != null)
            {
                yield return Ec2Xml.E("nextToken", next);
            }
        }

        /// <summary>
        /// The version a launch template version string names: $Latest, $Default or a number the template has;
        /// otherwise InvalidLaunchTemplateId.VersionNotFound in EC2's words (eksctl-io/eksctl#7786).
        /// </summary>
        private static LaunchTemplateVersionEntity FindVersion(LaunchTemplateEntity template, string version)
        {
            long? number = version switch
            {
                LatestVersion => template.LatestVersionNumber,
                DefaultVersion => template.DefaultVersionNumber,
                _ => long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null,
            };
            return (number is long found ? template.Version(found) : null)
                ?? throw new AwsServiceException("InvalidLaunchTemplateId.VersionNotFound",
                    $"Could not find the specified version {version} for the launch template with ID {template.LaunchTemplateId}.", 400);
        }

        private static bool PassesFilters(Dictionary<string, HashSet<string>> filters, LaunchTemplateEntity template, LaunchTemplateVersionEntity version)
        {
            LaunchTemplateDataEntity data = version.Data;
            bool isDefault = version.VersionNumber == template.DefaultVersionNumber;
            return PassesLike(filters, "image-id", data.ImageId) && PassesLike(filters, "instance-type", data.InstanceType) &&
                Passes(filters, "is-default-version", isDefault ? "true" : "false") &&
                (!filters.ContainsKey("iam-instance-profile") ||
                 PassesLike(filters, "iam-instance-profile", data.IamInstanceProfileArn) || PassesLike(filters, "iam-instance-profile", data.IamInstanceProfileName));
        }

        private static long? VersionBound(AwsRequest request, string parameter)
        {
            string? value = request.Get(parameter);
            return value == null ? null
                : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long bound) ? bound
                : throw Ec2Errors.InvalidValue($"Value ({value}) for parameter {char.ToLowerInvariant(parameter[0]) + parameter.Substring(1)} is invalid.");
        }
    }
}
