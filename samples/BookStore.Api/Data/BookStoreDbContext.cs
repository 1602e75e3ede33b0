using Microsoft.EntityFrameworkCore;

namespace BookStore.Api.Data;

/// <summary>EF Core context of the book catalogue.</summary>
public sealed class BookStoreDbContext(DbContextOptions<BookStoreDbContext> options) : DbContext(options)
{
    public const int MaxTitleLength = 200;
    public const int MaxAuthorLength = 200;
    public const int MaxDescriptionLength = 4000;

    public DbSet<Book> Books => Set<Book>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var book = modelBuilder.Entity<Book>();
        book.Property(b => b.Title).HasMaxLength(MaxTitleLength);
        book.Property(b => b.Author).HasMaxLength(MaxAuthorLength);
        book.Property(b => b.Description).HasMaxLength(MaxDescriptionLength);
    }
}
