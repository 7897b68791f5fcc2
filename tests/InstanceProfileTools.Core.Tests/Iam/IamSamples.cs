namespace InstanceProfileTools.Core.Tests.Iam
{
    /// <summary>IAM Query-protocol bodies in the shape real IAM answers (see aws-models/EVIDENCE.md).</summary>
    internal static class IamSamples
    {
        public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

        // The trust policy arrives URL-encoded inside the XML, as IAM sends it.
        public const string EncodedPolicy =
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

        public const string DecodedPolicy =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

        public const string Role = @"
          <member>
            <Path>/app/</Path>
            <RoleName>web-role</RoleName>
            <RoleId>AROAJZ4N32PB6CVJ5UQTK</RoleId>
            <Arn>arn:aws:iam::123456789012:role/app/web-role</Arn>
            <CreateDate>2026-02-10T09:41:07Z</CreateDate>
            <AssumeRolePolicyDocument>" + EncodedPolicy + @"</AssumeRolePolicyDocument>
          </member>";

        public const string Profile = @"
            <Path>/app/</Path>
            <InstanceProfileName>web</InstanceProfileName>
            <InstanceProfileId>AIPAWF2ABWU5GN24MBMYM</InstanceProfileId>
            <Arn>arn:aws:iam::123456789012:instance-profile/app/web</Arn>
            <CreateDate>2026-02-10T09:42:13.512Z</CreateDate>
            <Roles>" + Role + @"
            </Roles>
            <Tags>
              <member><Key>team</Key><Value>ops</Value></member>
              <member><Key>empty</Key><Value/></member>
            </Tags>";

        public static string GetInstanceProfile => @"<GetInstanceProfileResponse xmlns=""" + Namespace + @""">
  <GetInstanceProfileResult>
    <InstanceProfile>" + Profile + @"
    </InstanceProfile>
  </GetInstanceProfileResult>
  <ResponseMetadata>
    <RequestId>37289fda-0ad3-11e5-b1f7-EXAMPLE</RequestId>
  </ResponseMetadata>
</GetInstanceProfileResponse>";

        public static string ListInstanceProfiles(bool truncated, string? marker) => @"<ListInstanceProfilesResponse xmlns=""" + Namespace + @""">
  <ListInstanceProfilesResult>
    <IsTruncated>" + (truncated ? "true" : "false") + @"</IsTruncated>" + (marker is null ? string.Empty : "<Marker>" + marker + "</Marker>") + @"
    <InstanceProfiles>
      <member>" + Profile + @"
      </member>
      <member>
        <Path>/</Path>
        <InstanceProfileName>empty</InstanceProfileName>
        <InstanceProfileId>AIPAEXAMPLEEXAMPLE001</InstanceProfileId>
        <Arn>arn:aws:iam::123456789012:instance-profile/empty</Arn>
        <CreateDate>2026-02-11T00:00:00Z</CreateDate>
        <Roles/>
      </member>
    </InstanceProfiles>
  </ListInstanceProfilesResult>
  <ResponseMetadata><RequestId>list-request</RequestId></ResponseMetadata>
</ListInstanceProfilesResponse>";

        public static string Empty(string action) => "<" + action + @"Response xmlns=""" + Namespace + @""">
  <ResponseMetadata><RequestId>" + action + "-request</RequestId></ResponseMetadata>\n</" + action + "Response>";

        public static string Error(string type, string code, string message, string requestId = "err-request") =>
            @"<ErrorResponse xmlns=""" + Namespace + @""">
  <Error>
    <Type>" + type + @"</Type>
    <Code>" + code + @"</Code>
    <Message>" + message + @"</Message>
  </Error>
  <RequestId>" + requestId + @"</RequestId>
</ErrorResponse>";
    }
}
