using System.Net;

namespace BookStore.Api.Tests;

public class FaultTests(ShortTimeoutBookStoreApiFactory factory) : IClassFixture<ShortTimeoutBookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Each simulated fault and the status the BookStore API must respond with.</summary>
    public static TheoryData<string, HttpStatusCode> Faults => new()
    {
        { "rate_limit", HttpStatusCode.TooManyRequests },
        { "server_error", HttpStatusCode.BadGateway },
        { "malformed", HttpStatusCode.BadGateway },
        { "timeout", HttpStatusCode.GatewayTimeout },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Summary_Fault_ReturnsProblemStatus(string fault, HttpStatusCode expected)
    {
        var response = await SendWithFaultAsync(HttpMethod.Post, "/api/books/1/summary", fault);
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be((int)expected);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Stream_Fault_ReturnsProblemStatus(string fault, HttpStatusCode expected)
    {
        var response = await SendWithFaultAsync(HttpMethod.Post, "/api/books/1/summary/stream", fault);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Search_Fault_ReturnsProblemStatus(string fault, HttpStatusCode expected)
    {
        var response = await SendWithFaultAsync(HttpMethod.Get, "/api/books/search?q=ship", fault);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Summary_AfterFault_Succeeds()
    {
        await SendWithFaultAsync(HttpMethod.Post, "/api/books/1/summary", "server_error");

        var response = await _client.PostAsync("/api/books/1/summary", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> SendWithFaultAsync(HttpMethod method, string path, string fault)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Simulated-Fault", fault);
        return await _client.SendAsync(request);
    }
}
