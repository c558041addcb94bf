import {
  columnOrderingFeature,
  columnVisibilityFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from "@tanstack/react-table";

/** What the console's data tables can do; sorting and paging happen on the server (manual mode). */
export const dataTableFeatures = tableFeatures({
  columnVisibilityFeature,
  columnOrderingFeature,
  rowSortingFeature,
  rowPaginationFeature,
  rowSelectionFeature,
  columnMeta: {} as DataColumnMeta,
});

export type DataTableFeatures = typeof dataTableFeatures;

export type DataColumnMeta = {
  /** Plain-text name for menus and screen readers (the header may render more). */
  label: string;
  align?: "left" | "right";
  /** Extra classes for this column's cells (width, font). */
  className?: string;
};

export type Density = "comfortable" | "compact";

/** Row heights: the virtualiser's first estimate, and the minimum height of every row. */
export const ROW_HEIGHT: Record<Density, number> = { comfortable: 41, compact: 33 };
