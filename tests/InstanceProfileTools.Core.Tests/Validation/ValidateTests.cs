using System;
using System.Collections.Generic;
using System.Linq;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Validation;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Validation
{
    [Trait("Category", "Unit")]
    public sealed class ValidateTests
    {
        [Theory]
        [InlineData("web")]
        [InlineData("Web_Server+1=a,b.c@d-e")]
        [InlineData("a")]
        public void AcceptsValidInstanceProfileNames(string name)
        {
            Validate.InstanceProfileName(name);
        }

        [Theory]
        [InlineData("eu-west-1")]
        [InlineData("us-gov-west-1")]
        [InlineData("eusc-de-east-1")]
        public void AcceptsRegionCodes(string region)
        {
            Validate.Region(region);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("EU-WEST-1")]
        [InlineData("Eu-west-1")]
        [InlineData("not_a region")]
        [InlineData("-eu-west-1")]
        [InlineData("eu-west-1-")]
        [InlineData("eu.west.1")]
        public void RejectsMalformedRegions(string region)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.Region(region));
            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("Region", error.ParameterName);
            Assert.Equal(region, error.Target);
        }

        [Theory]
        [InlineData("a b")]
        [InlineData("")]
        [InlineData("web/app")]
        [InlineData("café")]
        [InlineData("web\n")]
        [InlineData("name*")]
        public void RejectsInvalidInstanceProfileNames(string name)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.InstanceProfileName(name));
            Assert.Equal(ErrorIds.InvalidInstanceProfileName, error.ErrorId);
            Assert.Equal("InstanceProfileName", error.ParameterName);
            Assert.Equal(FailureKind.InvalidArgument, error.Kind);
            Assert.Equal(name, error.Target);
            Assert.Contains(@"[\w+=,.@-]+", error.Message);
        }

        [Fact]
        public void SaysARegionInUpperCaseMustBeWrittenInLowerCase()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.Region("EU-WEST-1"));
            Assert.Equal(
                "Region 'EU-WEST-1' is invalid: it must be a region code such as 'eu-west-1', of lowercase letters, digits and hyphens " +
                "(not first or last), 1 to 63 characters. Write it in lower case.",
                error.Message);
        }

        // A stray space or upper-case hex is refused, as AWS refuses it, and the message says which it was: a quoted
        // trailing space is easy to miss.
        [Theory]
        [InlineData(" i-0123456789abcdef0", " Remove the white space around it.")]
        [InlineData("i-0123456789abcdef0\t", " Remove the white space around it.")]
        [InlineData("i-0123456789ABCDEF0", " Write it in lower case.")]
        [InlineData("I-0123456789abcdef0 ", " Remove the white space around it and write it in lower case.")]
        [InlineData("i-xyz", "such as 'i-0123456789abcdef0'.")]
        public void SaysWhatIsWrongWithAnInstanceIdThatIsAlmostRight(string id, string ending)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.InstanceId(id));
            Assert.EndsWith(ending, error.Message);
            Assert.StartsWith("Instance id '", error.Message);
        }

        [Theory]
        [InlineData(" iip-assoc-060bae234aac2e7fa", " Remove the white space around it.")]
        [InlineData("iip-assoc-060BAE234AAC2E7FA", " Write it in lower case.")]
        public void SaysWhatIsWrongWithAnAssociationIdThatIsAlmostRight(string id, string ending)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.AssociationId(id));
            Assert.Equal(ErrorIds.InvalidAssociationId, error.ErrorId);
            Assert.EndsWith(ending, error.Message);
        }

        [Fact]
        public void SaysANameWithAStraySpaceHasOne()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.InstanceProfileName("web "));
            Assert.EndsWith("and be 1 to 128 characters. Remove the white space around it.", error.Message);

            // Upper case is fine in a name: no hint about it.
            InputValidationException spaced = Assert.Throws<InputValidationException>(() => Validate.RoleName("My Role"));
            Assert.EndsWith("and be 1 to 64 characters.", spaced.Message);
        }

        [Fact]
        public void SaysAnArnWithAStraySpaceHasOne()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(
                () => Validate.InstanceProfileArn("arn:aws:iam::123456789012:instance-profile/web "));
            Assert.EndsWith("Remove the white space around it.", error.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData(null)]
        public void RefusesABlankAwsProfile(string? name)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.AwsProfile(name));
            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("AwsProfile", error.ParameterName);
            Assert.Contains("must name a profile", error.Message);
        }

        [Fact]
        public void AcceptsAnAwsProfileName()
        {
            Validate.AwsProfile("ops team");
        }

        [Fact]
        public void NamesTheConstraintInTheMessage()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.InstanceProfileName("a b", "Name"));
            Assert.Equal(
                @"Instance profile name 'a b' is invalid: it must match [\w+=,.@-]+ (letters, digits and _+=,.@-) and be 1 to 128 characters.",
                error.Message);
            Assert.Equal("Name", error.ParameterName);
        }

        [Theory]
        [InlineData(128, true)]
        [InlineData(129, false)]
        public void LimitsInstanceProfileNamesTo128Characters(int length, bool valid)
        {
            Assert.Equal(valid, Accepts(() => Validate.InstanceProfileName(new string('p', length))));
        }

        [Theory]
        [InlineData(64, true)]
        [InlineData(65, false)]
        [InlineData(0, false)]
        public void LimitsRoleNamesTo64Characters(int length, bool valid)
        {
            Assert.Equal(valid, Accepts(() => Validate.RoleName(new string('r', length))));
        }

        [Fact]
        public void ReportsRoleNamesWithTheirOwnErrorId()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.RoleName("my role"));
            Assert.Equal(ErrorIds.InvalidRoleName, error.ErrorId);
            Assert.Equal("RoleName", error.ParameterName);
            Assert.Contains("1 to 64 characters", error.Message);
        }

        [Theory]
        [InlineData(true, "/")]
        [InlineData(true, "/app/")]
        [InlineData(true, "/app/web-1/")]
        [InlineData(false, "")]
        [InlineData(false, "app/")]
        [InlineData(false, "/app")]
        [InlineData(false, "//")]
        [InlineData(false, "/a b/")]
        [InlineData(false, "/é/")]
        public void ChecksPaths(bool valid, string path)
        {
            Assert.Equal(valid, Accepts(() => Validate.Path(path)));
        }

        [Fact]
        public void LimitsPathsTo512Characters()
        {
            Assert.True(Accepts(() => Validate.Path("/" + new string('a', 510) + "/")));
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.Path("/" + new string('a', 511) + "/"));
            Assert.Equal(ErrorIds.InvalidPath, error.ErrorId);
            Assert.Contains("1 to 512 characters", error.Message);
        }

        [Theory]
        [InlineData(true, "/")]
        [InlineData(true, "/app")]
        [InlineData(true, "/app/web/")]
        [InlineData(false, "")]
        [InlineData(false, "app")]
        [InlineData(false, "/a b")]
        public void ChecksPathPrefixes(bool valid, string prefix)
        {
            Assert.Equal(valid, Accepts(() => Validate.PathPrefix(prefix)));
        }

        [Theory]
        [InlineData(true, "i-0123456789abcdef0")]
        [InlineData(true, "i-1234abcd")]
        [InlineData(false, "i-0123456789ABCDEF0")]
        [InlineData(false, "i-0123456789abcdef")]
        [InlineData(false, "i-123")]
        [InlineData(false, "0123456789abcdef0")]
        [InlineData(false, "i-0123456789abcdefg")]
        [InlineData(false, "")]
        public void ChecksInstanceIds(bool valid, string id)
        {
            Assert.Equal(valid, Accepts(() => Validate.InstanceId(id)));
        }

        [Fact]
        public void ReportsInstanceIdsWithTheirErrorId()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.InstanceId("i-xyz", "Id"));
            Assert.Equal(ErrorIds.InvalidInstanceId, error.ErrorId);
            Assert.Equal("Id", error.ParameterName);
        }

        [Theory]
        [InlineData(true, "iip-assoc-060bae234aac2e7fa")]
        [InlineData(true, "iip-assoc-1234abcd")]
        [InlineData(false, "iip-assoc-060BAE234AAC2E7FA")]
        [InlineData(false, "i-060bae234aac2e7fa")]
        [InlineData(false, "iip-assoc-060bae234aac2e7f")]
        public void ChecksAssociationIds(bool valid, string id)
        {
            Assert.Equal(valid, Accepts(() => Validate.AssociationId(id)));
        }

        [Theory]
        [InlineData("http://127.0.0.1:4566/", "http://127.0.0.1:4566")]
        [InlineData(" https://iam.example.test/path/?q=1 ", "https://iam.example.test/path")]
        public void AnswersAnEndpointWithoutQueryOrTrailingSlash(string value, string expected)
        {
            Assert.Equal(expected, Validate.EndpointUrl(value));
        }

        [Theory]
        [InlineData("http://admin:hunter2@127.0.0.1:4566/", "EndpointUrl")]
        [InlineData("https://admin@iam.example.test", "AWS_ENDPOINT_URL")]
        public void RefusesAnEndpointWithAUserNameOrPasswordWithoutPrintingThem(string value, string source)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.EndpointUrl(value, source));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Contains("must not carry a user name or password", error.Message);
            Assert.DoesNotContain("admin", error.Message);
            Assert.DoesNotContain("hunter2", error.Message);
            Assert.DoesNotContain("admin", (string)error.Target!);
            Assert.Contains("***@", error.Message);
        }

        [Theory]
        [InlineData("ftp://x", "EndpointUrl", "Endpoint 'ftp://x' is invalid: it must be an absolute http:// or https:// URL, such as 'http://127.0.0.1:4566'.")]
        [InlineData("localhost:4566", "AWS_ENDPOINT_URL", "Endpoint 'localhost:4566' (from AWS_ENDPOINT_URL) is invalid: it must be an absolute http:// or https:// URL, such as 'http://127.0.0.1:4566'.")]
        public void RefusesAnEndpointThatIsNotAnHttpUrlNamingWhereItCameFrom(string value, string source, string message)
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.EndpointUrl(value, source));

            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal(source, error.ParameterName);
            Assert.Equal(value, error.Target);
            Assert.Equal(message, error.Message);
        }

        [Theory]
        [InlineData(1, true)]
        [InlineData(1000, true)]
        [InlineData(0, false)]
        [InlineData(1001, false)]
        public void ChecksMaxItems(int value, bool valid)
        {
            Assert.Equal(valid, Accepts(() => Validate.MaxItems(value)));
        }

        [Theory]
        [InlineData(5, true)]
        [InlineData(1000, true)]
        [InlineData(4, false)]
        [InlineData(1001, false)]
        public void ChecksAssociationMaxResults(int value, bool valid)
        {
            Assert.Equal(valid, Accepts(() => Validate.AssociationMaxResults(value)));
        }

        [Fact]
        public void ReportsOutOfRangeNumbersAsInvalidParameter()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.MaxItems(0));
            Assert.Equal(ErrorIds.InvalidParameter, error.ErrorId);
            Assert.Equal("MaxItems 0 is out of range: it must be 1 to 1000.", error.Message);
        }

        [Theory]
        [InlineData(true, "team", "web")]
        [InlineData(true, "Name", "")]
        [InlineData(true, "cost:centre/a=b+c-d@e_f.g", "Ünïcode 42")]
        [InlineData(false, "", "x")]
        [InlineData(false, "team!", "x")]
        [InlineData(false, "team", "a,b")]
        [InlineData(false, "aws:created", "x")]
        [InlineData(false, "AWS:created", "x")]
        public void ChecksTagKeysAndValues(bool valid, string key, string value)
        {
            Assert.Equal(valid, Accepts(() => Validate.Tags(new[] { new Tag(key, value) })));
        }

        [Fact]
        public void LimitsTagKeysTo128AndValuesTo256Characters()
        {
            Assert.True(Accepts(() => Validate.Tags(new[] { new Tag(new string('k', 128), new string('v', 256)) })));
            Assert.False(Accepts(() => Validate.Tags(new[] { new Tag(new string('k', 129), "v") })));
            Assert.False(Accepts(() => Validate.Tags(new[] { new Tag("k", new string('v', 257)) })));
        }

        [Fact]
        public void LimitsACallTo50Tags()
        {
            List<Tag> fifty = Enumerable.Range(1, 50).Select(i => new Tag("k" + i, "v")).ToList();
            Assert.True(Accepts(() => Validate.Tags(fifty)));

            fifty.Add(new Tag("k51", "v"));
            InputValidationException error = Assert.Throws<InputValidationException>(() => Validate.Tags(fifty));
            Assert.Equal(ErrorIds.InvalidTag, error.ErrorId);
            Assert.Equal("51 tags were given: a call takes 1 to 50 tags.", error.Message);
        }

        [Fact]
        public void RefusesDuplicateTagKeys()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(
                () => Validate.Tags(new[] { new Tag("team", "a"), new Tag("team", "b") }));
            Assert.Equal(ErrorIds.InvalidTag, error.ErrorId);
            Assert.Contains("more than once", error.Message);
        }

        // IAM answers InvalidInput "Duplicate tag keys found. Please note that Tag keys are case insensitive."; the
        // old ordinal check let 'Env' and 'env' through to that call.
        [Fact]
        public void RefusesTagKeysThatDifferOnlyInCase()
        {
            InputValidationException error = Assert.Throws<InputValidationException>(
                () => Validate.Tags(new[] { new Tag("Env", "a"), new Tag("env", "b") }));
            Assert.Equal(ErrorIds.InvalidTag, error.ErrorId);
            Assert.Equal("Tag keys 'Env' and 'env' are the same key to IAM, which ignores case: each key may appear once per call.", error.Message);
        }

        [Theory]
        [InlineData(true, new[] { "team" })]
        [InlineData(false, new string[0])]
        [InlineData(false, new[] { "aws:x" })]
        [InlineData(false, new[] { "a!" })]
        public void ChecksTagKeysToRemove(bool valid, string[] keys)
        {
            Assert.Equal(valid, Accepts(() => Validate.TagKeys(keys)));
        }

        private static bool Accepts(Action validate)
        {
            try
            {
                validate();
                return true;
            }
            catch (InputValidationException)
            {
                return false;
            }
        }
    }
}
