import { PageHeading } from '../components';
import { useDocumentTitle } from '../hooks';
import { Link } from '../navigation';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <section>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is no page at this address. <Link to="/">Go to the products</Link>
      </p>
    </section>
  );
}
