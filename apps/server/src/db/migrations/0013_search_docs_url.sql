-- The visit statistics look up the titles of their top pages by address (statistics/visits.ts).
CREATE INDEX "search_docs_url_idx" ON "search_docs" USING btree ("url");