using System.Net;
using System.Net.Http.Json;
using BookStore.Api.Books;

namespace BookStore.Api.Tests;

public class SearchTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Search_ReturnsThreeResults()
    {
        var response = await _client.GetFromJsonAsync<BookSearchResponse>("/api/books/search?q=pirate%20treasure");

        response!.Results.Should().HaveCount(3);
    }

    [Fact]
    public async Task Search_OrdersBySimilarity()
    {
        var response = await _client.GetFromJsonAsync<BookSearchResponse>("/api/books/search?q=detective%20mysteries%20in%20London");

        response!.Results.Select(result => result.Similarity).Should().BeInDescendingOrder();
    }

    [Theory]
    [InlineData("whale", "Moby-Dick")]
    [InlineData("vampire castle", "Dracula")]
    [InlineData("pirate treasure map", "Treasure Island")]
    public async Task Search_RanksMatchingBookFirst(string query, string expectedTitle)
    {
        var response = await _client.GetFromJsonAsync<BookSearchResponse>($"/api/books/search?q={Uri.EscapeDataString(query)}");

        response!.Results[0].Book.Title.Should().Be(expectedTitle);
    }

    [Fact]
    public async Task Search_UpdatedDescription_IsEmbeddedAgain()
    {
        var book = await _client.CreateBookAsync("Plain Book", "A story about gardening.");
        await _client.GetAsync("/api/books/search?q=gardening");
        var update = new BookRequest("Plain Book", "Test Author", 1900, "A story about a zeppelin zeppelin zeppelin.");
        await _client.PutAsJsonAsync($"/api/books/{book.Id}", update);

        var response = await _client.GetFromJsonAsync<BookSearchResponse>("/api/books/search?q=zeppelin");

        response!.Results[0].Book.Id.Should().Be(book.Id);
    }

    [Theory]
    [InlineData("/api/books/search")]
    [InlineData("/api/books/search?q=")]
    [InlineData("/api/books/search?q=%20%20")]
    public async Task Search_BlankQuery_ReturnsValidationProblem(string path)
    {
        var response = await _client.GetAsync(path);
        var fields = await response.ReadValidationErrorFieldsAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        fields.Should().Contain("q");
    }
}
