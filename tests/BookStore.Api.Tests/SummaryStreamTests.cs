using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BookStore.Api.Books;

namespace BookStore.Api.Tests;

public class SummaryStreamTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Stream_HasEventStreamContentType()
    {
        var response = await _client.PostAsync("/api/books/1/summary/stream", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
    }

    [Fact]
    public async Task Stream_DataEvents_JoinToSummary()
    {
        var summary = await _client.PostAsJsonAsync("/api/books/2/summary", new SummaryRequest(null, 40));
        var expected = (await summary.Content.ReadFromJsonAsync<SummaryResponse>())!.Summary;

        var events = await ReadEventsAsync(new SummaryRequest(null, 40), bookId: 2);
        var texts = events
            .Where(serverEvent => serverEvent.Type is null)
            .Select(serverEvent => JsonSerializer.Deserialize<SummaryTextEvent>(serverEvent.Data, JsonSerializerOptions.Web)!.Text)
            .ToList();

        texts.Should().HaveCountGreaterThan(1);
        string.Concat(texts).Should().Be(expected);
    }

    [Fact]
    public async Task Stream_UsageEvent_PrecedesDone()
    {
        var events = await ReadEventsAsync(new SummaryRequest(null, null), bookId: 3);

        events.Select(serverEvent => serverEvent.Type).TakeLast(2).Should().Equal("usage", "done");
    }

    [Fact]
    public async Task Stream_UsageEvent_HasModelAndTokens()
    {
        var events = await ReadEventsAsync(new SummaryRequest(null, null), bookId: 4);
        var usageEvent = events.Single(serverEvent => serverEvent.Type == "usage");
        var usage = JsonSerializer.Deserialize<SummaryUsageEvent>(usageEvent.Data, JsonSerializerOptions.Web)!;

        usage.Model.Should().Be("gpt-4o-mini-2024-07-18");
        usage.InputTokens.Should().BePositive();
        usage.OutputTokens.Should().BePositive();
        usage.CachedInputTokens.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Stream_RepeatedRequest_HasCachedTokens()
    {
        var book = await _client.CreateBookAsync("Streamed Twice", $"A unique streamed book {Guid.NewGuid():N} about a lighthouse keeper.");

        var first = await ReadUsageAsync(book.Id);
        var second = await ReadUsageAsync(book.Id);

        first.CachedInputTokens.Should().Be(0);
        second.CachedInputTokens.Should().BePositive();
    }

    [Fact]
    public async Task Stream_UnknownBook_ReturnsNotFoundProblem()
    {
        var response = await _client.PostAsync("/api/books/999999/summary/stream", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    private async Task<SummaryUsageEvent> ReadUsageAsync(int bookId)
    {
        var events = await ReadEventsAsync(new SummaryRequest(null, null), bookId);
        var usageEvent = events.Single(serverEvent => serverEvent.Type == "usage");
        return JsonSerializer.Deserialize<SummaryUsageEvent>(usageEvent.Data, JsonSerializerOptions.Web)!;
    }

    private async Task<IReadOnlyList<ServerSentEvent>> ReadEventsAsync(SummaryRequest request, int bookId)
    {
        var response = await _client.PostAsJsonAsync($"/api/books/{bookId}/summary/stream", request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return ServerSentEvent.Parse(await response.Content.ReadAsStringAsync());
    }
}
