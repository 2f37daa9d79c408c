import { ENGINE } from "./db";

// Printed once per file so a reader of the log knows which engine the results are for.
console.info(`[integration] database engine: ${ENGINE}`);
