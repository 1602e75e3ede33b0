using System.Net.Http.Json;
using System.Text.Json;
using BookStore.Api.Books;
using Microsoft.AspNetCore.Mvc;

namespace BookStore.Api.Tests;

/// <summary>Readers of API responses shared by the tests.</summary>
internal static class ApiResponses
{
    public const string ProblemJson = "application/problem+json";

    public static async Task<ProblemDetails> ReadProblemAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;

    /// <summary>Reads the field names of a validation problem's <c>errors</c> object.</summary>
    public static async Task<IReadOnlyList<string>> ReadValidationErrorFieldsAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(error => error.Name).ToList()
            : [];
    }

    public static async Task<BookResponse> CreateBookAsync(this HttpClient client, string title, string description)
    {
        var response = await client.PostAsJsonAsync(
            "/api/books", new BookRequest(title, "Test Author", 1900, description));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BookResponse>())!;
    }
}
