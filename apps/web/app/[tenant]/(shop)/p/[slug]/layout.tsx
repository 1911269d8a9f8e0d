import { getProduct } from '../../../../../lib/catalog-data';
import { recordLayout } from '../../../../../lib/slug-layout';

export default recordLayout(getProduct);
