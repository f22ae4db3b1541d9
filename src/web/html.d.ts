/** HTML files are bundled as text (esbuild's text loader; a jest transform in tests). */
declare module "*.html" {
  const content: string;
  export default content;
}
