namespace InstanceProfileTools.Core.Tests.Ec2
{
    /// <summary>EC2-protocol bodies in the shape real EC2 answers (the API reference's examples; EVIDENCE.md).</summary>
    internal static class Ec2Samples
    {
        private const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

        public static string Association(string id, string instanceId, string state) => $@"
      <associationId>{id}</associationId>
      <instanceId>{instanceId}</instanceId>
      <iamInstanceProfile>
        <arn>arn:aws:iam::123456789012:instance-profile/web</arn>
        <id>AIPAJVQN4F5WVLGCJDRGM</id>
      </iamInstanceProfile>
      <state>{state}</state>
      <timestamp>2026-02-10T09:41:07.000Z</timestamp>";

        public static string Associate(string state = "associating") => $@"<AssociateIamInstanceProfileResponse xmlns=""{Namespace}"">
  <requestId>assoc-request</requestId>
  <iamInstanceProfileAssociation>{Association("iip-assoc-0e7736511a163c209", "i-0123456789abcdef0", state)}
  </iamInstanceProfileAssociation>
</AssociateIamInstanceProfileResponse>";

        public static string Replace() => $@"<ReplaceIamInstanceProfileAssociationResponse xmlns=""{Namespace}"">
  <requestId>replace-request</requestId>
  <iamInstanceProfileAssociation>{Association("iip-assoc-08049da59357d598c", "i-0123456789abcdef0", "associating")}
  </iamInstanceProfileAssociation>
</ReplaceIamInstanceProfileAssociationResponse>";

        public static string Disassociate() => $@"<DisassociateIamInstanceProfileResponse xmlns=""{Namespace}"">
  <requestId>disassoc-request</requestId>
  <iamInstanceProfileAssociation>{Association("iip-assoc-0e7736511a163c209", "i-0123456789abcdef0", "disassociating")}
  </iamInstanceProfileAssociation>
</DisassociateIamInstanceProfileResponse>";

        public static string Describe(string? nextToken) => $@"<DescribeIamInstanceProfileAssociationsResponse xmlns=""{Namespace}"">
  <requestId>describe-request</requestId>
  <iamInstanceProfileAssociationSet>
    <item>{Association("iip-assoc-0e7736511a163c209", "i-0123456789abcdef0", "associated")}
    </item>
    <item>{Association("iip-assoc-0db249b1f25fa24b8", "i-0fedcba9876543210", "disassociating")}
    </item>
  </iamInstanceProfileAssociationSet>{(nextToken is null ? string.Empty : $"<nextToken>{nextToken}</nextToken>")}
</DescribeIamInstanceProfileAssociationsResponse>";

        public static string DescribeInstances(string instanceId, string state) => $@"<DescribeInstancesResponse xmlns=""{Namespace}"">
  <requestId>instances-request</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <instancesSet>
        <item>
          <instanceId>{instanceId}</instanceId>
          <instanceState><code>80</code><name>{state}</name></instanceState>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>";

        /// <summary>Two reservations, one instance terminated, and a next page.</summary>
        public static string DescribeInstancePage(string nextToken) => $@"<DescribeInstancesResponse xmlns=""{Namespace}"">
  <requestId>instances-request</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <instancesSet>
        <item><instanceId>i-0123456789abcdef0</instanceId><instanceState><code>16</code><name>running</name></instanceState></item>
        <item><instanceId>i-0aaaaaaaaaaaaaaaa</instanceId><instanceState><code>48</code><name>terminated</name></instanceState></item>
      </instancesSet>
    </item>
    <item>
      <reservationId>r-0fedcba9876543210</reservationId>
      <instancesSet>
        <item><instanceId>i-0fedcba9876543210</instanceId><instanceState><code>80</code><name>stopped</name></instanceState></item>
      </instancesSet>
    </item>
  </reservationSet>
  <nextToken>{nextToken}</nextToken>
</DescribeInstancesResponse>";

        public static string NoInstances() => $@"<DescribeInstancesResponse xmlns=""{Namespace}"">
  <requestId>instances-request</requestId>
  <reservationSet/>
</DescribeInstancesResponse>";

        public static string Error(string code, string message, string requestId = "ec2-error-request") => $@"<?xml version=""1.0"" encoding=""UTF-8""?>
<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{requestId}</RequestID></Response>";
    }
}
