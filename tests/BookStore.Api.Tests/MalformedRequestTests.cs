using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BookStore.Api.Llm.Simulated;
using Xunit.Abstractions;

namespace BookStore.Api.Tests;

public class MalformedRequestTests(ShortTimeoutBookStoreApiFactory factory, ITestOutputHelper output)
    : IClassFixture<ShortTimeoutBookStoreApiFactory>
{
    private const int Seed = 20_251_204;
    private const int RequestCount = 1_200;

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task RandomMalformedRequests_FailCleanly()
    {
        await WarmUpAsync();
        var generator = new MalformedRequestGenerator(Seed);
        var unexpectedServerErrors = new List<string>();
        var unexpectedRateLimits = new List<string>();
        var errorsWithoutProblemDetails = new List<string>();
        var mismatchedProblemStatuses = new List<string>();
        var failedRequestsThatWrote = new List<string>();
        var statusCounts = new SortedDictionary<int, int>();
        int created = 0, deleted = 0;
        var initialBooks = await factory.ReadStoredBooksAsync();
        var stopwatch = Stopwatch.StartNew();

        for (int i = 0; i < RequestCount; i++)
        {
            var request = generator.Next();
            var before = await factory.ReadStoredBooksAsync();
            using var message = request.ToHttpRequestMessage();
            using var response = await _client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            var after = await factory.ReadStoredBooksAsync();

            int status = (int)response.StatusCode;
            statusCounts[status] = statusCounts.GetValueOrDefault(status) + 1;
            var description = $"{request} -> {status} {Truncate(body, 300)}";

            if (status >= 500 && !IsInjectedFault(status, request.Fault))
            {
                unexpectedServerErrors.Add(description);
            }

            if (status == 429 && request.Fault != SimulatedFault.RateLimit)
            {
                unexpectedRateLimits.Add(description);
            }

            if (status >= 400)
            {
                CheckProblemDetails(request, response, body, description, errorsWithoutProblemDetails, mismatchedProblemStatuses);
                if (!after.SequenceEqual(before))
                {
                    failedRequestsThatWrote.Add($"{description} (books before: {before.Count}, after: {after.Count})");
                }
            }
            else if (status == 201)
            {
                created++;
            }
            else if (status == 204 && request.Method == "DELETE")
            {
                deleted++;
            }
        }

        var finalBooks = await factory.ReadStoredBooksAsync();
        output.WriteLine($"{RequestCount} requests in {stopwatch.Elapsed.TotalSeconds:F1} s, seed {Seed}.");
        output.WriteLine("Statuses: " + string.Join(", ", statusCounts.Select(entry => $"{entry.Key}: {entry.Value}")));
        output.WriteLine($"Books created: {created}, deleted: {deleted}.");

        unexpectedServerErrors.Should().BeEmpty("only an injected provider fault may produce a 5xx");
        unexpectedRateLimits.Should().BeEmpty("only the rate_limit fault may produce a 429");
        errorsWithoutProblemDetails.Should().BeEmpty("every error response must be application/problem+json");
        mismatchedProblemStatuses.Should().BeEmpty("the problem details status must match the HTTP status");
        failedRequestsThatWrote.Should().BeEmpty("a failed request must not write to the database");
        finalBooks.Should().HaveCount(initialBooks.Count + created - deleted);
        statusCounts.Keys.Should().Contain([400, 404, 405, 413, 415], "the generator must reach each kind of client error");
        statusCounts.Keys.Should().Contain([429, 502, 504], "the generator must reach each injected provider fault");
    }

    /// <summary>
    /// Returns whether a 5xx is the documented result of the fault header: 502 for server_error and malformed,
    /// 504 for timeout.
    /// </summary>
    private static bool IsInjectedFault(int status, SimulatedFault fault) => (status, fault) switch
    {
        (502, SimulatedFault.ServerError or SimulatedFault.Malformed) => true,
        (504, SimulatedFault.Timeout) => true,
        _ => false,
    };

    private static void CheckProblemDetails(
        MalformedRequest request,
        HttpResponseMessage response,
        string body,
        string description,
        List<string> errorsWithoutProblemDetails,
        List<string> mismatchedProblemStatuses)
    {
        if (response.Content.Headers.ContentType?.MediaType != ApiResponses.ProblemJson)
        {
            errorsWithoutProblemDetails.Add($"{description} (Content-Type: {response.Content.Headers.ContentType})");
            return;
        }

        // A response to HEAD has headers only, so it has no body to check.
        if (request.Method == "HEAD" && body.Length == 0)
        {
            return;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            if (!problem.RootElement.TryGetProperty("status", out var status) || status.GetInt32() != (int)response.StatusCode)
            {
                mismatchedProblemStatuses.Add(description);
            }
        }
        catch (JsonException exception)
        {
            errorsWithoutProblemDetails.Add($"{description} (body is not JSON: {exception.Message})");
        }
    }

    /// <summary>Calls each LLM route once, so that the first fuzzed requests do not spend the 1 s timeout on start-up work.</summary>
    private async Task WarmUpAsync()
    {
        (await _client.PostAsync("/api/books/1/summary", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.PostAsync("/api/books/1/summary/stream", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync("/api/books/search?q=whale")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : text[..maxLength] + "...";
}
