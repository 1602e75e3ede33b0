using System.Net;
using System.Text;
using System.Text.Json;
using BookStore.Api.Http;

namespace BookStore.Api.Tests;

public class BadInputTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private const string ValidBook = """{"title":"Emma","author":"Jane Austen","year":1815}""";

    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>POST and PUT requests that must fail, each with the status it must get.</summary>
    public static TheoryData<string, string, string, string?, HttpStatusCode> FailingWrites => new()
    {
        { "POST", "/api/books", "{not json", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"Emma","author":"Jane Austen","year":true}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"Emma","author":"Jane Austen","year":1e400}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"Emma","author":"Jane Austen","year":99999999999999999999}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"Emma","author":"Jane Austen"}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"Emma","author":"Jane Austen","year":-1}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", """{"title":"\ud800","author":"Jane Austen","year":1815}""", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", "null", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", "", "application/json", HttpStatusCode.BadRequest },
        { "POST", "/api/books", ValidBook, "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "POST", "/api/books", ValidBook, null, HttpStatusCode.UnsupportedMediaType },
        { "POST", "/api/books", ValidBook, "application/json; charset=bogus", HttpStatusCode.UnsupportedMediaType },
        { "POST", "/api/books", ValidBook, "application/json; charset=utf-16", HttpStatusCode.UnsupportedMediaType },
        { "PUT", "/api/books/1", """{"title":"","author":"","year":0}""", "application/json", HttpStatusCode.BadRequest },
        { "PUT", "/api/books/1", "[1, 2]", "application/json", HttpStatusCode.BadRequest },
        { "PUT", "/api/books/1", ValidBook, "application/xml", HttpStatusCode.UnsupportedMediaType },
        { "PUT", "/api/books/1", ValidBook, "application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType },
        { "PUT", "/api/books/999999", ValidBook, "application/json", HttpStatusCode.NotFound },
    };

    [Fact]
    public async Task Create_OversizedBody_ReturnsPayloadTooLarge()
    {
        var response = await _client.PostAsync("/api/books", Json(OversizedBook()));
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be(413);
        problem.Detail.Should().Contain(RequestBodyValidationMiddleware.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Create_OversizedChunkedBody_ReturnsPayloadTooLarge()
    {
        var content = new ChunkedContent(Encoding.UTF8.GetBytes(OversizedBook()), "application/json");

        var response = await _client.PostAsync("/api/books", content);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Create_ChunkedBody_IsAccepted()
    {
        var content = new ChunkedContent(Encoding.UTF8.GetBytes("""{"title":"Chunked","author":"Test Author","year":1900}"""), "application/json");

        var response = await _client.PostAsync("/api/books", content);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Summary_OversizedBody_ReturnsPayloadTooLarge()
    {
        var body = JsonSerializer.Serialize(new { model = new string('m', 70_000) });

        var response = await _client.PostAsync("/api/books/1/summary", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Create_LargestValidBookEscaped_IsAccepted()
    {
        // Sends every character as a 6-byte \u escape, which makes the largest body that a valid book can need.
        var body = "{\"title\":\"" + Escaped('T', 200) + "\",\"author\":\"" + Escaped('A', 200)
            + "\",\"year\":1900,\"description\":\"" + Escaped('D', 4000) + "\"}";

        var response = await _client.PostAsync("/api/books", Json(body));

        Encoding.UTF8.GetByteCount(body).Should().BeLessThan(RequestBodyValidationMiddleware.MaxBodyBytes);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json; charset=UTF-8")]
    public async Task Create_Utf8CharsetSpelling_IsAccepted(string contentType)
    {
        var response = await _client.PostAsync("/api/books", Content(ValidBook, contentType));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_UnknownCharset_NamesCharset()
    {
        var response = await _client.PostAsync("/api/books", Content(ValidBook, "application/json; charset=bogus"));
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        problem.Detail.Should().Contain("'bogus'");
    }

    [Theory]
    [InlineData("/api/books/999999")]
    [InlineData("/api/books/not-a-route")]
    [InlineData("/api/books/search")]
    public async Task Error_AcceptExcludingJson_IsStillProblemJson(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Accept", "application/xml");

        var response = await _client.SendAsync(request);
        var problem = await response.ReadProblemAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be((int)response.StatusCode);
    }

    [Fact]
    public async Task Create_MissingBody_ReturnsBadRequestProblem()
    {
        var response = await _client.PostAsync("/api/books", null);
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Detail.Should().Contain("BookRequest");
    }

    [Theory]
    [MemberData(nameof(FailingWrites))]
    public async Task FailingWrite_ReturnsProblem(string method, string path, string body, string? contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Content(body, contentType) };

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task FailingWrites_StoreNothing()
    {
        var before = await factory.ReadStoredBooksAsync();
        var statuses = new List<HttpStatusCode>();

        foreach (var row in FailingWrites)
        {
            var (method, path, body, contentType) = ((string)row[0], (string)row[1], (string)row[2], (string?)row[3]);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Content(body, contentType) };
            statuses.Add((await _client.SendAsync(request)).StatusCode);
        }

        statuses.Add((await _client.PostAsync("/api/books", Json(OversizedBook()))).StatusCode);
        statuses.Add((await _client.PutAsync("/api/books/1", new ChunkedContent(Encoding.UTF8.GetBytes(OversizedBook()), "application/json"))).StatusCode);
        var after = await factory.ReadStoredBooksAsync();

        statuses.Should().OnlyContain(status => (int)status >= 400);
        after.Should().HaveCount(before.Count);
        after.Should().Equal(before);
    }

    /// <summary>Returns a valid book JSON whose title alone makes the body larger than the limit.</summary>
    private static string OversizedBook() =>
        JsonSerializer.Serialize(new { title = new string('x', RequestBodyValidationMiddleware.MaxBodyBytes), author = "Author", year = 1900 });

    private static string Escaped(char character, int count) =>
        string.Concat(Enumerable.Repeat($"\\u{(int)character:x4}", count));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Creates a body with the Content-Type header exactly as given, or with none when it is null.</summary>
    private static ByteArrayContent Content(string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }
}
