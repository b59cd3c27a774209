/** An error answer in Chatwoot's shapes (see app/controllers/concerns/request_exception_handler.rb). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = () => new HttpError(404, { error: 'Resource could not be found' });
export const unauthorized = (error = 'You are not authorized to do this action') => new HttpError(401, { error });
/** ActiveRecord::RecordInvalid → 422 {message, attributes}. */
export const recordInvalid = (messages: string[], attributes: string[]) =>
  new HttpError(422, { message: messages.join(', '), attributes });
/** render_could_not_create_error → 422 {error}. */
export const couldNotCreate = (error: string) => new HttpError(422, { error });
