using System.Net;
using System.Net.Http.Json;
using BookStore.Api.Books;

namespace BookStore.Api.Tests;

public class BookCrudTests(BookStoreApiFactory factory) : IClassFixture<BookStoreApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task List_ContainsSeededBooks()
    {
        var books = await _client.GetFromJsonAsync<List<BookResponse>>("/api/books");

        books.Should().HaveCountGreaterThanOrEqualTo(12);
        books.Should().Contain(book => book.Title == "Moby-Dick" && book.Author == "Herman Melville" && book.Year == 1851);
    }

    [Fact]
    public async Task Get_ReturnsBook()
    {
        var response = await _client.GetAsync("/api/books/1");
        var book = await response.Content.ReadFromJsonAsync<BookResponse>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        book!.Id.Should().Be(1);
        book.Title.Should().NotBeNullOrWhiteSpace();
        book.Description.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNotFoundProblem()
    {
        var response = await _client.GetAsync("/api/books/999999");
        var problem = await response.ReadProblemAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
        problem.Status.Should().Be(404);
        problem.Detail.Should().Contain("999999");
    }

    [Fact]
    public async Task Create_ReturnsCreatedBookWithLocation()
    {
        var request = new BookRequest("  The War of the Worlds ", "H. G. Wells", 1898, "Martians land in Surrey.");

        var response = await _client.PostAsJsonAsync("/api/books", request);
        var created = await response.Content.ReadFromJsonAsync<BookResponse>();

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/books/{created!.Id}");
        created.Title.Should().Be("The War of the Worlds");
        created.Author.Should().Be("H. G. Wells");
        created.Year.Should().Be(1898);
        created.Description.Should().Be("Martians land in Surrey.");
    }

    [Fact]
    public async Task Create_ThenGet_ReturnsStoredBook()
    {
        var created = await _client.CreateBookAsync("Stored Book", "Stored description.");

        var fetched = await _client.GetFromJsonAsync<BookResponse>($"/api/books/{created.Id}");

        fetched.Should().Be(created);
    }

    [Fact]
    public async Task Update_ReplacesFields()
    {
        var created = await _client.CreateBookAsync("Draft Title", "Draft description.");
        var request = new BookRequest("Final Title", "Final Author", 1901, "Final description.");

        var response = await _client.PutAsJsonAsync($"/api/books/{created.Id}", request);
        var fetched = await _client.GetFromJsonAsync<BookResponse>($"/api/books/{created.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        fetched.Should().Be(new BookResponse(created.Id, "Final Title", "Final Author", 1901, "Final description."));
    }

    [Fact]
    public async Task Update_UnknownId_ReturnsNotFoundProblem()
    {
        var request = new BookRequest("Title", "Author", 1900, null);

        var response = await _client.PutAsJsonAsync("/api/books/999999", request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }

    [Fact]
    public async Task Delete_RemovesBook()
    {
        var created = await _client.CreateBookAsync("Book To Delete", "Short-lived.");

        var deleteResponse = await _client.DeleteAsync($"/api/books/{created.Id}");
        var getResponse = await _client.GetAsync($"/api/books/{created.Id}");

        deleteResponse.StatusCode.Should().Be(HttpStatusCode.NoContent);
        getResponse.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_UnknownId_ReturnsNotFoundProblem()
    {
        var response = await _client.DeleteAsync("/api/books/999999");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ApiResponses.ProblemJson);
    }
}
