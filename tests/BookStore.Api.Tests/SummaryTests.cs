using System.Net;
using System.Net.Http.Json;
using BookStore.Api.Books;

namespace BookStore.Api.Tests;

public class SummaryTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Summary_ReturnsTextAndUsage()
    {
        var book = await _client.CreateBookAsync("Summary Book", UniqueDescription());

        var response = await _client.PostAsync($"/api/books/{book.Id}/summary", null);
        var summary = await response.Content.ReadFromJsonAsync<SummaryResponse>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        summary!.BookId.Should().Be(book.Id);
        summary.Summary.Should().Contain("Summary Book");
        summary.Usage.InputTokens.Should().BePositive();
        summary.Usage.OutputTokens.Should().BePositive();
    }

    [Fact]
    public async Task Summary_DefaultModel_ReportsDatedSnapshot()
    {
        var summary = await SummarizeAsync(1, new SummaryRequest(null, null));

        summary.Model.Should().Be("gpt-4o-mini-2024-07-18");
    }

    [Fact]
    public async Task Summary_ModelOverride_ReportsRequestedModel()
    {
        var summary = await SummarizeAsync(1, new SummaryRequest("acme-private-llm", null));

        summary.Model.Should().Be("acme-private-llm");
    }

    [Fact]
    public async Task Summary_FirstRequest_HasNoCachedTokens()
    {
        var book = await _client.CreateBookAsync("First Request Book", UniqueDescription());

        var summary = await SummarizeAsync(book.Id, new SummaryRequest(null, null));

        summary.Usage.CachedInputTokens.Should().Be(0);
    }

    [Fact]
    public async Task Summary_RepeatedRequest_HasCachedTokens()
    {
        var book = await _client.CreateBookAsync("Repeated Request Book", UniqueDescription());

        var first = await SummarizeAsync(book.Id, new SummaryRequest(null, null));
        var second = await SummarizeAsync(book.Id, new SummaryRequest(null, null));

        first.Usage.CachedInputTokens.Should().Be(0);
        second.Usage.CachedInputTokens.Should().BePositive();
        second.Usage.CachedInputTokens.Should().BeLessThanOrEqualTo(second.Usage.InputTokens);
        (second.Usage.CachedInputTokens % 64).Should().Be(0);
    }

    [Fact]
    public async Task Summary_MaxWords_LimitsSummary()
    {
        var summary = await SummarizeAsync(2, new SummaryRequest(null, 12));

        summary.Summary.Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThanOrEqualTo(12);
    }

    [Theory]
    [InlineData("""{"maxWords":0}""", "maxWords")]
    [InlineData("""{"maxWords":100000}""", "maxWords")]
    [InlineData("""{"model":"  "}""", "model")]
    public async Task Summary_InvalidRequest_ReturnsValidationProblem(string body, string field)
    {
        var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/books/1/summary", content);
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        fields.Should().Contain(field);
    }

    [Fact]
    public async Task Summary_UnknownBook_ReturnsNotFoundProblem()
    {
        var response = await _client.PostAsync("/api/books/999999/summary", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Summary_UnknownFaultHeader_ReturnsValidationProblem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/books/1/summary");
        request.Headers.Add("X-Simulated-Fault", "meteor_strike");

        var response = await _client.SendAsync(request);
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        fields.Should().Contain("X-Simulated-Fault");
    }

    private async Task<SummaryResponse> SummarizeAsync(int bookId, SummaryRequest request)
    {
        var response = await _client.PostAsJsonAsync($"/api/books/{bookId}/summary", request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<SummaryResponse>())!;
    }

    /// <summary>
    /// Returns a description that no other test uses, so its prompt is new to the simulated prompt cache. It is
    /// long enough for the prompt to exceed 64 tokens with the system instruction.
    /// </summary>
    private static string UniqueDescription() =>
        $"A test book with the unique marker {Guid.NewGuid():N}. It follows a character through a long journey "
        + "across several countries and ends where it began.";
}
