using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace BookStore.Api.Tests;

public class BookValidationTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Invalid book bodies and the field that each one must report.</summary>
    public static TheoryData<string, string> InvalidBooks => new()
    {
        { """{"author":"Jane Austen","year":1813}""", "title" },
        { """{"title":"","author":"Jane Austen","year":1813}""", "title" },
        { """{"title":"   ","author":"Jane Austen","year":1813}""", "title" },
        { """{"title":"Emma","year":1815}""", "author" },
        { """{"title":"Emma","author":"","year":1815}""", "author" },
        { """{"title":"Emma","author":"Jane Austen"}""", "year" },
        { """{"title":"Emma","author":"Jane Austen","year":0}""", "year" },
        { """{"title":"Emma","author":"Jane Austen","year":3000}""", "year" },
        { """{"title":"Emma","author":"Jane Austen","year":-5}""", "year" },
    };

    [Theory]
    [MemberData(nameof(InvalidBooks))]
    public async Task Create_InvalidField_ReturnsValidationProblem(string body, string field)
    {
        var response = await _client.PostAsync("/api/books", Json(body));
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        fields.Should().Contain(field);
    }

    [Theory]
    [MemberData(nameof(InvalidBooks))]
    public async Task Update_InvalidField_ReturnsValidationProblem(string body, string field)
    {
        var response = await _client.PutAsync("/api/books/1", Json(body));
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        fields.Should().Contain(field);
    }

    [Fact]
    public async Task Create_TitleTooLong_ReturnsValidationProblem()
    {
        var body = JsonContent.Create(new { title = new string('x', 201), author = "Author", year = 1900 });

        var response = await _client.PostAsync("/api/books", body);
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        fields.Should().Contain("title");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"title":"Emma","author":"Jane Austen","year":"eighteen"}""")]
    [InlineData("[1, 2]")]
    public async Task Create_UnreadableBody_ReturnsBadRequestProblem(string body)
    {
        var response = await _client.PostAsync("/api/books", Json(body));
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be(400);
    }

    [Fact]
    public async Task Create_InvalidBook_StoresNothing()
    {
        var before = await _client.GetFromJsonAsync<List<object>>("/api/books");

        await _client.PostAsync("/api/books", Json("""{"title":"","author":"","year":0}"""));
        var after = await _client.GetFromJsonAsync<List<object>>("/api/books");

        after.Should().HaveCount(before!.Count);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
