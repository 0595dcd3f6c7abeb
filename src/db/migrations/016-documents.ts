import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// The văn bản library: legal and administrative documents, their files, the
// documents they relate to, and which articles cite which codes. Dates of a
// document (issued, effective, expiry) are calendar days, kept as yyyy-mm-dd.
// Its types are seeded on first use (documents.repo.ts), not here: a restore
// loads only into an empty database.
export const creates = ['document_types', 'documents', 'document_files', 'document_relations', 'document_references'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('document_types')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('documents')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(100)', (c) => c.notNull())
    // The code as documentCodeKey reads it: "42/2022/NĐ-CP" and "42/2022/ND-CP" are one document.
    .addColumn('code_key', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('type_id', 'integer', (c) => c.notNull().references('document_types.id'))
    .addColumn('issuer', 'varchar(300)', (c) => c.notNull())
    .addColumn('signer', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('signer_position', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('effective_on', 'varchar(10)')
    .addColumn('expires_on', 'varchar(10)')
    .addColumn('replaced_by_id', 'integer', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('field', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('full_text', 'text', (c) => c.notNull().defaultTo(''))
    // Roles that may see it, as ",reader,editor,"; empty: everyone.
    .addColumn('visible_roles', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'varchar(10)', (c) => c.notNull())
    // Folded search terms (src/search/document-search.ts), written with the row.
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .addCheckConstraint('documents_status_check', sql`status in ('con_hieu_luc', 'het_hieu_luc', 'du_thao')`)
    .addCheckConstraint('documents_state_check', sql`state in ('draft', 'published')`)
    .execute();
  await db.schema.createIndex('documents_list').on('documents').columns(['state', 'issued_on', 'id']).execute();
  await db.schema.createIndex('documents_slug').on('documents').columns(['slug']).execute();

  await db.schema
    .createTable('document_files')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('storage_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('ext', 'varchar(10)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_files_document')
    .on('document_files')
    .columns(['document_id', 'position'])
    .execute();

  await db.schema
    .createTable('document_relations')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('document_relations_pk', ['document_id', 'related_id'])
    .execute();

  // Every code an article cites, whether or not the library has it yet: a document added later
  // finds its citing articles here, with no scan of the articles.
  await db.schema
    .createTable('document_references')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('code_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('as_written', 'varchar(300)', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_references_pk', ['article_id', 'code_key'])
    .execute();
  await db.schema.createIndex('document_references_code').on('document_references').columns(['code_key']).execute();
}
