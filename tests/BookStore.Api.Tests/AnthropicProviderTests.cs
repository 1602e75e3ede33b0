using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BookStore.Api.Books;
using BookStore.Api.Llm;
using Microsoft.AspNetCore.Http;

namespace BookStore.Api.Tests;

public class AnthropicProviderTests : IClassFixture<AnthropicApiFactory>
{
    private readonly AnthropicApiFactory _factory;
    private readonly HttpClient _client;

    public AnthropicProviderTests(AnthropicApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
        factory.ReplayServer.Reset();
    }

    /// <summary>Anthropic error responses and the status that the BookStore API must respond with.</summary>
    public static TheoryData<int, string, HttpStatusCode> ProviderErrors => new()
    {
        { StatusCodes.Status429TooManyRequests, "rate_limit_error", HttpStatusCode.TooManyRequests },
        { StatusCodes.Status500InternalServerError, "api_error", HttpStatusCode.BadGateway },
        { 529, "overloaded_error", HttpStatusCode.BadGateway },
        { StatusCodes.Status401Unauthorized, "authentication_error", HttpStatusCode.BadGateway },
        { StatusCodes.Status504GatewayTimeout, "timeout_error", HttpStatusCode.GatewayTimeout },
    };

    [Fact]
    public async Task Summary_ReturnsTextAndModel()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message(
            "Pride and Prejudice is a comedy of manners.", inputTokens: 310, cacheCreationTokens: 2048, cacheReadTokens: 4096, outputTokens: 180));

        var response = await _client.PostAsync("/api/books/1/summary", null);
        var summary = await response.Content.ReadFromJsonAsync<SummaryResponse>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        summary!.BookId.Should().Be(1);
        summary.Summary.Should().Be("Pride and Prejudice is a comedy of manners.");
        summary.Model.Should().Be(AnthropicReplayResponse.Model);
    }

    [Fact]
    public async Task Summary_InputTokensIncludeCacheReadsAndWrites()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message(
            "A summary.", inputTokens: 310, cacheCreationTokens: 2048, cacheReadTokens: 4096, outputTokens: 180));

        var response = await _client.PostAsync("/api/books/1/summary", null);
        var usage = (await response.Content.ReadFromJsonAsync<SummaryResponse>())!.Usage;

        // The Messages API's input_tokens excludes the cache reads and writes, and the SDK's adapter adds them back.
        usage.InputTokens.Should().Be(310 + 2048 + 4096);
        usage.CachedInputTokens.Should().Be(4096);
        usage.OutputTokens.Should().Be(180);
    }

    [Fact]
    public async Task Summary_SendsMessagesRequest()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("A summary.", 100, 0, 0, 20));

        await _client.PostAsJsonAsync("/api/books/2/summary", new SummaryRequest(null, 40));
        var request = _factory.ReplayServer.Requests.Should().ContainSingle().Subject;
        using var body = request.ParseBody();
        var root = body.RootElement;

        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/messages");
        root.GetProperty("model").GetString().Should().Be(BookStoreLlmOptions.DefaultAnthropicModel);
        root.GetProperty("max_tokens").GetInt32().Should().Be(80, "the sample allows 2 output tokens per requested word");
        JsonSerializer.Serialize(root.GetProperty("system")).Should().Contain("Summarize the book");
        JsonSerializer.Serialize(root.GetProperty("messages")).Should().Contain("Title: Moby-Dick");
    }

    [Fact]
    public async Task Summary_SendsApiKeyToProvider()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("A summary.", 100, 0, 0, 20));

        await _client.PostAsync("/api/books/1/summary", null);
        var request = _factory.ReplayServer.Requests.Should().ContainSingle().Subject;

        request.Headers.Values.Should().Contain(value => value.Contains(AnthropicApiFactory.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_ModelOverride_SendsRequestedModel()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("A summary.", 100, 0, 0, 20));

        await _client.PostAsJsonAsync("/api/books/1/summary", new SummaryRequest("claude-haiku-4-5", null));
        var request = _factory.ReplayServer.Requests.Should().ContainSingle().Subject;
        using var body = request.ParseBody();

        body.RootElement.GetProperty("model").GetString().Should().Be("claude-haiku-4-5");
    }

    [Fact]
    public async Task Stream_ReturnsTextAndUsage()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.MessageStream(
            ["Moby-Dick follows", " a whaling captain."], inputTokens: 52, cacheCreationTokens: 1024, cacheReadTokens: 8192, outputTokens: 240));

        var response = await _client.PostAsync("/api/books/2/summary/stream", null);
        var events = ServerSentEvent.Parse(await response.Content.ReadAsStringAsync());
        var text = string.Concat(events
            .Where(serverEvent => serverEvent.Type is null)
            .Select(serverEvent => JsonSerializer.Deserialize<SummaryTextEvent>(serverEvent.Data, JsonSerializerOptions.Web)!.Text));
        var usageEvent = events.Single(serverEvent => serverEvent.Type == "usage");
        var usage = JsonSerializer.Deserialize<SummaryUsageEvent>(usageEvent.Data, JsonSerializerOptions.Web)!;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        text.Should().Be("Moby-Dick follows a whaling captain.");
        usage.Model.Should().Be(AnthropicReplayResponse.Model);
        usage.InputTokens.Should().Be(52 + 1024 + 8192);
        usage.CachedInputTokens.Should().Be(8192);
        usage.OutputTokens.Should().Be(240);
        events[^1].Type.Should().Be("done");
    }

    [Fact]
    public async Task Search_UsesSimulatedEmbeddings()
    {
        var response = await _client.GetFromJsonAsync<BookSearchResponse>("/api/books/search?q=whale%20hunt%20at%20sea");

        response!.Results.Should().NotBeEmpty();
        response.Results[0].Book.Title.Should().Be("Moby-Dick");
        _factory.ReplayServer.Requests.Should().BeEmpty("Anthropic has no embeddings API, so search never calls it");
    }

    [Fact]
    public void StartupLog_NamesEmbeddingsServer()
    {
        _factory.LogMessages.Should().Contain(message =>
            message.Contains("for the search embeddings, because the Anthropic provider has no embeddings API", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProviderErrors))]
    public async Task Summary_ProviderError_ReturnsProblemStatus(int providerStatus, string errorType, HttpStatusCode expected)
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Error(providerStatus, errorType, "Replayed provider error."));

        var response = await _client.PostAsync("/api/books/1/summary", null);
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be((int)expected);
    }

    [Fact]
    public async Task Summary_MalformedResponse_ReturnsBadGateway()
    {
        _factory.ReplayServer.Enqueue(new AnthropicReplayResponse(StatusCodes.Status200OK, "application/json", """{"id": "msg_truncated", "content": ["""));

        var response = await _client.PostAsync("/api/books/1/summary", null);
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Title.Should().Be("Malformed LLM response");
    }

    [Fact]
    public async Task Summary_ProviderTimeout_ReturnsGatewayTimeout()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("Too late.", 100, 0, 0, 20) with
        {
            Delay = AnthropicApiFactory.LongerThanTimeout,
        });

        var response = await _client.PostAsync("/api/books/1/summary", null);
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Detail.Should().Contain("BookStore:Llm:TimeoutSeconds");
    }

    [Fact]
    public async Task Stream_ProviderError_ReturnsProblemStatus()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Error(529, "overloaded_error", "Replayed overload."));

        var response = await _client.PostAsync("/api/books/1/summary/stream", null);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Stream_LateError_EndsWithErrorEvent()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.MessageStreamWithError("Moby-Dick follows", "overloaded_error", "Replayed overload."));

        var response = await _client.PostAsync("/api/books/2/summary/stream", null);
        var events = ServerSentEvent.Parse(await response.Content.ReadAsStringAsync());
        using var problem = JsonDocument.Parse(events[^1].Data);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        events.Should().Contain(serverEvent => serverEvent.Type == null && serverEvent.Data.Contains("Moby-Dick follows"));
        events[^1].Type.Should().Be("error");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(502);
        events.Should().NotContain(serverEvent => serverEvent.Type == "done");
    }

    [Fact]
    public async Task FaultHeader_IsIgnored()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("A summary.", 100, 0, 0, 20));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/books/1/summary");
        request.Headers.Add("X-Simulated-Fault", "server_error");

        var response = await _client.SendAsync(request);
        var recorded = _factory.ReplayServer.Requests.Should().ContainSingle().Subject;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        recorded.Headers.Keys.Should().NotContain("X-Simulated-Fault", "a real provider must never receive the test header");
    }

    [Fact]
    public async Task ApiKey_IsNeverLogged()
    {
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Message("A summary.", 100, 0, 0, 20));
        _factory.ReplayServer.Enqueue(AnthropicReplayResponse.Error(StatusCodes.Status401Unauthorized, "authentication_error", "Replayed invalid key."));

        await _client.PostAsync("/api/books/1/summary", null);
        await _client.PostAsync("/api/books/1/summary", null);
        await _client.GetAsync("/health");

        _factory.LogMessages.Should().NotBeEmpty();
        _factory.LogMessages.Should().NotContain(message => message.Contains(AnthropicApiFactory.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_ReportsAnthropicProvider()
    {
        var response = await _client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var llm = report.RootElement.GetProperty("checks").GetProperty("llm");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        llm.GetProperty("status").GetString().Should().Be("Healthy");
        llm.GetProperty("data").GetProperty("provider").GetString().Should().Be("Anthropic");
        llm.GetProperty("data").GetProperty("model").GetString().Should().Be(BookStoreLlmOptions.DefaultAnthropicModel);
    }
}
