using System.Collections.Generic;
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using InstanceProfileTools.Core;
using InstanceProfileTools.Core.Connection;
using InstanceProfileTools.Core.Credentials;
using InstanceProfileTools.Core.Model;
using InstanceProfileTools.Core.Ec2;
using InstanceProfileTools.Core.Tests.Support;
using Xunit;

namespace InstanceProfileTools.Core.Tests.Ec2
{
    /// <summary>The EC2 adapter over AWSSDK.EC2, end to end against canned EC2 answers.</summary>
    [Trait("Category", "Unit")]
    public sealed class Ec2AdapterTests : IDisposable
    {
        private readonly CannedHttpServer _server = new();
        private readonly TestEnvironment _environment = new();
        private readonly RecordingLog _log = new();
        private readonly AwsClients _clients;

        public Ec2AdapterTests()
        {
            _clients = AwsClientFactory.Create(
                new AwsConnectionOptions { EndpointUrl = _server.Url, Credential = new AccessKeyCredential("AKIDEXAMPLE", "secret-key-value") },
                _log, 2, _environment.Environment);
        }

        public void Dispose()
        {
            _clients.Dispose();
            _server.Dispose();
            _environment.Dispose();
        }

        [Fact]
        public async Task AssociatesByNameAndMapsTheAnswer()
        {
            _server.Enqueue(200, Ec2Samples.Associate());

            ProfileAssociation association = await _clients.Ec2.AssociateIamInstanceProfileAsync("i-0123456789abcdef0", ProfileReference.ByName("web"), CancellationToken.None);

            Assert.Equal(
                new ProfileAssociation("iip-assoc-0e7736511a163c209", "i-0123456789abcdef0", "arn:aws:iam::123456789012:instance-profile/web",
                    "AIPAJVQN4F5WVLGCJDRGM", AssociationState.Associating, new DateTime(2026, 2, 10, 9, 41, 7, DateTimeKind.Utc)),
                association);
            Assert.Equal(DateTimeKind.Utc, association.Timestamp!.Value.Kind);
            RecordedRequest request = Assert.Single(_server.Requests);
            Assert.Contains("/us-east-1/ec2/aws4_request", request.Headers["Authorization"]);
            Assert.Equal("AssociateIamInstanceProfile", request.Form["Action"]);
            Assert.Equal("web", request.Form["IamInstanceProfile.Name"]);
            Assert.False(request.Form.ContainsKey("IamInstanceProfile.Arn"));
            Assert.Equal("i-0123456789abcdef0", request.Form["InstanceId"]);
            Assert.Equal("VERBOSE: EC2 AssociateIamInstanceProfile InstanceId=i-0123456789abcdef0 InstanceProfile=web: 200, request id assoc-request", Assert.Single(_log.Lines));
        }

        [Fact]
        public async Task ReplacesByArnAndAnswersTheNewAssociation()
        {
            _server.Enqueue(200, Ec2Samples.Replace());
            const string arn = "arn:aws:iam::123456789012:instance-profile/web";

            ProfileAssociation association = await _clients.Ec2.ReplaceIamInstanceProfileAssociationAsync("iip-assoc-0e7736511a163c209", ProfileReference.ByArn(arn), CancellationToken.None);

            Assert.Equal("iip-assoc-08049da59357d598c", association.AssociationId);
            Assert.Equal(AssociationState.Associating, association.State);
            RecordedRequest request = Assert.Single(_server.Requests);
            Assert.Equal(arn, request.Form["IamInstanceProfile.Arn"]);
            Assert.Equal("iip-assoc-0e7736511a163c209", request.Form["AssociationId"]);
        }

        [Fact]
        public async Task ListsTheIdsOfInstancesNotTerminatedAcrossReservationsWithTheNextToken()
        {
            _server.Enqueue(200, Ec2Samples.DescribeInstancePage("page-3"));

            Page<string> page = await _clients.Ec2.DescribeInstanceIdsAsync("page-2", 1000, CancellationToken.None);

            Assert.Equal(new[] { "i-0123456789abcdef0", "i-0fedcba9876543210" }, page.Items);
            Assert.Equal("page-3", page.NextToken);
            RecordedRequest request = Assert.Single(_server.Requests);
            Assert.Equal("DescribeInstances", request.Form["Action"]);
            Assert.Equal("page-2", request.Form["NextToken"]);
            Assert.Equal("1000", request.Form["MaxResults"]);
            Assert.False(request.Form.ContainsKey("InstanceId.1"));
        }

        [Fact]
        public async Task Disassociates()
        {
            _server.Enqueue(200, Ec2Samples.Disassociate());

            ProfileAssociation association = await _clients.Ec2.DisassociateIamInstanceProfileAsync("iip-assoc-0e7736511a163c209", CancellationToken.None);

            Assert.Equal(AssociationState.Disassociating, association.State);
            Assert.Equal("iip-assoc-0e7736511a163c209", Assert.Single(_server.Requests).Form["AssociationId"]);
        }

        [Fact]
        public async Task DescribesWithFiltersAndPages()
        {
            _server.Enqueue(200, Ec2Samples.Describe("next-page"));
            var query = new AssociationQuery(new[] { "iip-assoc-0e7736511a163c209" }, new[] { "i-0123456789abcdef0", "i-0fedcba9876543210" },
                new[] { AssociationState.Associated, AssociationState.Disassociating });

            Page<ProfileAssociation> page = await _clients.Ec2.DescribeIamInstanceProfileAssociationsAsync(query, "this-page", 5, CancellationToken.None);

            Assert.Equal("next-page", page.NextToken);
            Assert.Equal(new[] { AssociationState.Associated, AssociationState.Disassociating }, page.Items.Select(item => item.State));
            var form = Assert.Single(_server.Requests).Form;
            Assert.Equal("iip-assoc-0e7736511a163c209", form["AssociationId.1"]);
            Assert.Equal("instance-id", form["Filter.1.Name"]);
            Assert.Equal("i-0123456789abcdef0", form["Filter.1.Value.1"]);
            Assert.Equal("i-0fedcba9876543210", form["Filter.1.Value.2"]);
            Assert.Equal("state", form["Filter.2.Name"]);
            Assert.Equal("associated", form["Filter.2.Value.1"]);
            Assert.Equal("disassociating", form["Filter.2.Value.2"]);
            Assert.Equal("5", form["MaxResults"]);
            Assert.Equal("this-page", form["NextToken"]);
        }

        [Fact]
        public async Task DescribesTheLastPageWithoutToken()
        {
            _server.Enqueue(200, Ec2Samples.Describe(null));

            Page<ProfileAssociation> page = await _clients.Ec2.DescribeIamInstanceProfileAssociationsAsync(
                AssociationQuery.ForInstance("i-0123456789abcdef0"), null, null, CancellationToken.None);

            Assert.Null(page.NextToken);
            Assert.Equal(2, page.Items.Count);
        }

        [Theory]
        [InlineData("stopped", InstanceState.Stopped)]
        [InlineData("running", InstanceState.Running)]
        [InlineData("shutting-down", InstanceState.ShuttingDown)]
        public async Task ReadsAnInstanceState(string wire, InstanceState expected)
        {
            _server.Enqueue(200, Ec2Samples.DescribeInstances("i-0123456789abcdef0", wire));

            IReadOnlyDictionary<string, InstanceState> states = await _clients.Ec2.DescribeInstanceStatesAsync(new[] { "i-0123456789abcdef0" }, CancellationToken.None);

            Assert.Equal(expected, states["i-0123456789abcdef0"]);
            var form = Assert.Single(_server.Requests).Form;
            Assert.Equal("instance-id", form["Filter.1.Name"]);
            Assert.Equal("i-0123456789abcdef0", form["Filter.1.Value.1"]);
        }

        [Fact]
        public async Task ReportsAnEmptyDescribeAsInstanceNotFound()
        {
            _server.Enqueue(200, Ec2Samples.NoInstances());

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => InstanceStateReader.RequireAsync(_clients.Ec2, "i-0123456789abcdef0", CancellationToken.None));

            Assert.Equal(ErrorIds.InstanceNotFound, error.ErrorId);
            Assert.Equal("i-0123456789abcdef0", error.Target);
        }

        [Theory]
        [InlineData(400, "InvalidInstanceID.NotFound", "The instance ID 'i-0000000aaaaaaaaaa' does not exist", ErrorIds.InstanceNotFound, FailureKind.ObjectNotFound)]
        [InlineData(400, "InvalidInstanceID.Malformed", "Invalid id: \"i-zz\"", ErrorIds.InvalidInstanceId, FailureKind.InvalidArgument)]
        [InlineData(400, "IncorrectState", "There is an existing association for instance i-0123456789abcdef0", ErrorIds.InstanceAlreadyAssociated, FailureKind.ResourceExists)]
        [InlineData(400, "InvalidParameterValue", "Value (web) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", ErrorIds.InstanceProfileNotFound, FailureKind.ObjectNotFound)]
        [InlineData(401, "AuthFailure", "AWS was not able to validate the provided access credentials", ErrorIds.AuthenticationFailed, FailureKind.AuthenticationError)]
        [InlineData(403, "UnauthorizedOperation", "You are not authorized to perform this operation.", ErrorIds.AccessDenied, FailureKind.PermissionDenied)]
        public async Task MapsAnEc2ErrorBody(int status, string code, string message, string errorId, FailureKind kind)
        {
            _server.Enqueue(status, Ec2Samples.Error(code, message, "ec2-req"));

            AwsServiceException error = await Assert.ThrowsAsync<AwsServiceException>(
                () => _clients.Ec2.AssociateIamInstanceProfileAsync("i-0123456789abcdef0", ProfileReference.ByName("web"), CancellationToken.None));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(kind, error.Kind);
            Assert.Equal("ec2", error.Service);
            Assert.Equal(code, error.ErrorCode);
            Assert.Equal("ec2-req", error.RequestId);
            Assert.Equal(status, error.StatusCode);
            Assert.Equal(message, error.ServiceMessage);
        }

        [Fact]
        public async Task RetriesRequestLimitExceeded()
        {
            _server.Enqueue(503, Ec2Samples.Error("RequestLimitExceeded", "Request limit exceeded."));
            _server.Enqueue(200, Ec2Samples.Disassociate());

            ProfileAssociation association = await _clients.Ec2.DisassociateIamInstanceProfileAsync("iip-assoc-0e7736511a163c209", CancellationToken.None);

            Assert.Equal(AssociationState.Disassociating, association.State);
            Assert.Equal(2, _server.Requests.Count);
        }
    }
}
