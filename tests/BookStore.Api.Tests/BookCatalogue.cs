using BookStore.Api.Books;
using BookStore.Api.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BookStore.Api.Tests;

/// <summary>Test helpers that read the catalogue straight from the database, bypassing the API.</summary>
internal static class BookCatalogue
{
    /// <summary>Reads every stored book, ordered by id, so that two snapshots compare equal when nothing was written.</summary>
    public static async Task<IReadOnlyList<BookResponse>> ReadStoredBooksAsync(this WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookStoreDbContext>();
        var books = await db.Books.AsNoTracking().OrderBy(book => book.Id).ToListAsync();
        return books.Select(BookResponse.From).ToList();
    }
}
