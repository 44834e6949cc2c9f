/**
 * A GeoReport v2 error: the HTTP status (400 for a request that cannot be fulfilled, 403 for a
 * missing or wrong api_key, 404 for what does not exist) and a description meant for the user,
 * rendered as `<errors><error><code/><description/></error></errors>` or its JSON array.
 */
export class Open311Error extends Error {
  readonly status: 400 | 403 | 404 | 405 | 413 | 503
  readonly description: string
  constructor(status: 400 | 403 | 404 | 405 | 413 | 503, description: string) {
    super(description)
    this.status = status
    this.description = description
  }
}
