/** The suite's release version; every service of one release reports the same. */
export const PRODUCT_VERSION = '0.1.0';
